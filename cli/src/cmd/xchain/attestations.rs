//! `lrt xchain attestations [--from-sequence N]`: every outbound stake attestation on chain,
//! by sequence, for a relayer to carry: the message's identity (emitter chain 1, the
//! registry's emitter, the sequence), its payload (hex) and the payload's fields, decoded
//! with `xchain::StakeAttestation`, and its time.
use anyhow::Result;
use serde::Serialize;
use slasher_registry::state::Attestation;

use crate::{chain, context::Ctx, views::xchain::AttestationView};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only attestations from this sequence on (a relayer's next one) [default: 0]
    #[arg(long, default_value_t = 0)]
    pub from_sequence: u64,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut attestations = chain::list_all::<Attestation>(ctx, &slasher_registry::ID)?;
    attestations.retain(|(_, a)| a.sequence >= args.from_sequence);
    attestations.sort_by_key(|(_, a)| a.sequence);
    #[derive(Serialize)]
    struct Listed {
        attestations: Vec<AttestationView>,
    }
    let result = Listed {
        attestations: attestations
            .iter()
            .map(|(key, a)| AttestationView::new(key, a))
            .collect(),
    };
    ctx.out.print(&result, |r| {
        if r.attestations.is_empty() {
            return format!(
                "no stake attestation from sequence {} on {}",
                args.from_sequence, ctx.url
            );
        }
        r.attestations
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

//! `lrt xchain demo-sign --avs AVS --operator OPERATOR --fraction F [--vault V] [--evidence
//! TEXT] [--sequence N] [--out FILE]`: a SlashRequest VAA signed by a quorum of the local
//! network's guardians (`xchain::signing::GuardianKeys::local()`), from the AVS's remote
//! emitter, with the current guardian set's index and the clock's time: what a remote
//! AVS's message would look like after the guardians observed it.
//!
//! Refused unless the RPC URL's host is this machine and the current guardian set on
//! chain is the local guardians' set: the keys are derived from a public label, so they
//! must never be what a real network trusts.
use anyhow::{anyhow, bail, Context as _, Result};
use serde::Serialize;
use slasher_registry::state::AvsKind;
use xchain::{signing::GuardianKeys, Body, SlashRequest, SlashTarget};

use super::{clock_unix_time, guardian_set, is_loopback_url, submit::nonce_of, xchain_config};
use crate::{
    amount::percent,
    chain,
    cmd::avs::{evidence_hash, parse_slash_fraction},
    context::Ctx,
    output::hex,
    registry_accounts::{resolve_avs, resolve_operator},
};

/// Wormhole's "finalized" consistency level on Ethereum.
const CONSISTENCY_LEVEL: u8 = 1;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Local network only: the RPC URL must be 127.0.0.1, localhost or ::1, and the current guardian \
set on chain must be the local guardians' (xchain::signing::LOCAL_GUARDIAN_LABEL, 19 keys). \
Without a guardian set, demo-sign refuses and prints the command that installs the local one.

Example:
  lrt xchain demo-sign --avs <AVS> --operator <OPERATOR> --fraction 5% --out slash.vaa
  lrt xchain submit slash.vaa")]
pub struct Args {
    /// The remote AVS (account address or id): its emitter chain and address sign the message
    #[arg(long)]
    pub avs: String,
    /// Operator account address or the operator's authority
    #[arg(long)]
    pub operator: String,
    /// Fraction of the operator's stake at the capture epoch: 5%, 500bps or 0.05
    #[arg(long)]
    pub fraction: String,
    /// Only this vault (address or LRT mint) [default: every vault]
    #[arg(long)]
    pub vault: Option<String>,
    /// Evidence; its sha256 is the message's evidence hash [default: all zeros]
    #[arg(long)]
    pub evidence: Option<String>,
    /// The emitter's sequence number [default: the current Unix time in milliseconds, so
    /// reruns do not collide]
    #[arg(long)]
    pub sequence: Option<u64>,
    /// Write the VAA's hex to this file instead of printing it
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if !is_loopback_url(&ctx.url) {
        bail!(
            "demo-sign signs with the local network's guardian keys, which anyone can derive: \
             it runs only against a local network (RPC host 127.0.0.1, localhost or ::1), not \
             {}",
            ctx.url
        );
    }
    let wad = parse_slash_fraction(&args.fraction)?;
    let keys = GuardianKeys::local();
    let addresses: Vec<String> = keys
        .addresses()
        .iter()
        .map(crate::views::xchain::eth_hex)
        .collect();
    let Some(config) = xchain_config(ctx)? else {
        bail!(
            "no guardian set is installed on {}: install the local guardians' set first, as \
             the registry admin: lrt xchain guardians set --keys {}",
            ctx.url,
            addresses.join(",")
        );
    };
    let index = config.current_guardian_set;
    let set = guardian_set(ctx, index)?
        .with_context(|| format!("guardian set {index} (current) is missing"))?;
    if set.keys != keys.addresses() {
        bail!(
            "the current guardian set {index} on {} is not the local guardians' set, so a VAA \
             they sign would not verify (and this network's guardians are not ours to sign \
             for); on a local network install theirs with: lrt xchain guardians set --keys {}",
            ctx.url,
            addresses.join(",")
        );
    }
    let (cur, _) = chain::epoch(ctx)?;
    let (avs_key, avs) = resolve_avs(ctx, &args.avs)?;
    let (emitter_chain, emitter_address) = match avs.kind_at(cur) {
        AvsKind::Remote { chain, emitter } => (chain, emitter),
        AvsKind::Local { .. } => bail!(
            "AVS {avs_key} is local in epoch {cur}: its slash authority requests slashes on \
             Solana (`lrt avs request-slash`); only a remote AVS's requests come as VAAs"
        ),
    };
    let (operator, _) = resolve_operator(ctx, &args.operator)?;
    let target = match &args.vault {
        Some(text) => SlashTarget::Vault(chain::vault(ctx, text)?.0.to_bytes()),
        None => SlashTarget::AllVaults,
    };
    let now = clock_unix_time(ctx)?;
    let timestamp = u32::try_from(now).map_err(|_| anyhow!("clock time {now} is not a u32"))?;
    let sequence = match args.sequence {
        Some(sequence) => sequence,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .context("the system clock is before 1970")?,
    };
    let evidence_hash = evidence_hash(args.evidence.as_deref());
    let payload = SlashRequest {
        operator: operator.to_bytes(),
        target,
        fraction_wad: wad,
        evidence_hash,
    }
    .encode()
    .map_err(|e| anyhow!("cannot encode the slash request: {e}"))?;
    let body = Body {
        timestamp,
        nonce: 0,
        emitter_chain,
        emitter_address,
        sequence,
        consistency_level: CONSISTENCY_LEVEL,
        payload: &payload,
    }
    .encode();
    let signers = set.to_guardian_set().quorum();
    let vaa = keys
        .sign_vaa_by_first(index, signers, &body)
        .map_err(|e| anyhow!("cannot sign: {e}"))?;
    let vaa_hex = hex(&vaa);
    if let Some(path) = &args.out {
        std::fs::write(path, format!("{vaa_hex}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let digest = xchain::digest(&body);
    #[derive(Serialize)]
    struct Signed {
        /// The VAA in hex (null when written to --out).
        vaa: Option<String>,
        out: Option<String>,
        bytes: usize,
        guardian_set: u32,
        signatures: usize,
        avs: String,
        emitter_chain: u16,
        emitter: String,
        sequence: String,
        timestamp: u32,
        digest: String,
        /// The relayer's buffer nonce `lrt xchain submit` will use (from the digest).
        buffer_nonce: u32,
        operator: String,
        vault: Option<String>,
        fraction: String,
        wad: String,
        evidence_hash: String,
    }
    let result = Signed {
        vaa: args.out.is_none().then(|| vaa_hex.clone()),
        out: args.out.as_ref().map(|p| p.display().to_string()),
        bytes: vaa.len(),
        guardian_set: index,
        signatures: signers,
        avs: avs_key.to_string(),
        emitter_chain,
        emitter: hex(&emitter_address),
        sequence: sequence.to_string(),
        timestamp,
        digest: hex(&digest),
        buffer_nonce: nonce_of(&digest),
        operator: operator.to_string(),
        vault: match target {
            SlashTarget::Vault(v) => {
                Some(anchor_lang::prelude::Pubkey::new_from_array(v).to_string())
            }
            SlashTarget::AllVaults => None,
        },
        fraction: percent(wad),
        wad: wad.to_string(),
        evidence_hash: hex(&evidence_hash),
    };
    if let Some(out) = &result.out {
        ctx.out.note(format!(
            "signed a {}-byte VAA ({} signatures of guardian set {}): {out}",
            result.bytes, result.signatures, result.guardian_set
        ));
    }
    ctx.out.print(&result, |r| match &r.vaa {
        Some(vaa) => vaa.clone(),
        None => format!(
            "slash request of {} of operator {} ({}), chain {} emitter {} sequence {}, \
             written to {}\nsubmit it with: lrt xchain submit {}",
            r.fraction,
            r.operator,
            r.vault
                .as_ref()
                .map_or("every vault".to_string(), |v| format!("vault {v}")),
            r.emitter_chain,
            r.emitter,
            r.sequence,
            r.out.as_deref().unwrap_or_default(),
            r.out.as_deref().unwrap_or_default()
        ),
    });
    Ok(())
}

//! `lrt avs register --id ID --admin KEY --slash-authority KEY [--max-slash F]
//! [--destination burn|recipient:OWNER] [--metadata-uri URI]`: the registry admin registers an
//! AVS with a local slash authority.
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context as _, Result};
use lrt_client::registry::{self, pda as reg_pda};
use serde::Serialize;
use slasher_registry::{
    instructions::RegisterAvsArgs,
    state::{Avs, AvsKind},
};
use solana_signer::Signer;

use super::{parse_destination, parse_slash_fraction};
use crate::{
    chain::{self, parse_pubkey},
    context::{require_signer, Ctx},
    registry_accounts::{check_metadata_uri, registry_config},
    tx::{self, Sent},
    views::avs::AvsView,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Any key naming the AVS (its program id, typically); the AVS account is ["avs", id]
    #[arg(long)]
    pub id: String,
    /// The AVS's admin (may deactivate it)
    #[arg(long)]
    pub admin: String,
    /// The key that signs slash requests: a keypair's address, or a PDA of the AVS program
    #[arg(long, required_unless_present = "remote")]
    pub slash_authority: Option<String>,
    /// Largest fraction one request may take of an operator's stake: 50%, 5000bps or 0.5
    #[arg(long, default_value = "100%")]
    pub max_slash: String,
    /// Where slashed tokens go when swept: burn, or recipient:<OWNER>
    #[arg(long, default_value = "burn")]
    pub destination: String,
    /// Metadata URI (max 200 bytes)
    #[arg(long, default_value = "")]
    pub metadata_uri: String,
    /// A cross-chain AVS (guardian-signed requests from CHAIN:EMITTER): not supported by
    /// this command yet
    #[arg(long, value_name = "CHAIN:EMITTER", conflicts_with = "slash_authority")]
    pub remote: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    if let Some(remote) = &args.remote {
        bail!(
            "remote (cross-chain) AVSs ({remote}) are not supported by this command yet: `lrt \
             avs register` registers local AVSs, whose --slash-authority signs requests on Solana"
        );
    }
    let id = parse_pubkey(&args.id, "--id")?;
    let admin = parse_pubkey(&args.admin, "--admin")?;
    let slash_authority = parse_pubkey(
        args.slash_authority.as_deref().unwrap_or_default(),
        "--slash-authority",
    )?;
    if slash_authority == Pubkey::default() {
        bail!("--slash-authority must not be the all-zeros address");
    }
    let max_slash_wad = parse_slash_fraction(&args.max_slash).context("--max-slash")?;
    let destination = parse_destination(&args.destination).context("--destination")?;
    check_metadata_uri(&args.metadata_uri)?;
    let signer = ctx.signer()?;
    let config = registry_config(ctx)?;
    require_signer(&signer, &config.admin, "registry admin")
        .context("AVSs are admitted by the registry admin")?;
    let avs_key = reg_pda::avs(&id);
    if chain::fetch(ctx, &avs_key)?.is_some_and(|a| a.owner == slasher_registry::ID) {
        bail!(
            "an AVS with id {id} is already registered at {avs_key}; see `lrt avs show {avs_key}`"
        );
    }
    let ix = registry::register_avs(
        signer.pubkey(),
        RegisterAvsArgs {
            id,
            admin,
            kind: AvsKind::Local { slash_authority },
            max_slash_wad,
            destination,
            metadata_uri: args.metadata_uri,
        },
    );
    let sent = tx::send(ctx, "AVS registration", &[ix], &signer, &[])?;
    let avs: Avs = chain::fetch_anchor(ctx, &avs_key, &slasher_registry::ID, "AVS")?;
    let (cur, _) = chain::epoch(ctx)?;
    #[derive(Serialize)]
    struct Registered {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        avs: AvsView,
    }
    let result = Registered {
        sent,
        avs: AvsView::new(&avs_key, &avs, cur),
    };
    ctx.out.print(&result, |r| {
        format!(
            "{}operators opt in with `lrt operator opt-in {}`, vaults with `lrt curator \
             opt-in-avs <VAULT> {}`",
            r.avs, r.avs.address, r.avs.address
        )
    });
    Ok(())
}

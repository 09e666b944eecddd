//! `lrt avs register --id ID --admin KEY (--slash-authority KEY | --remote CHAIN:EMITTER)
//! [--max-slash F] [--destination burn|recipient:OWNER] [--metadata-uri URI]`: the registry
//! admin registers an AVS with a local slash authority, or a remote (cross-chain) AVS whose
//! requests arrive as guardian-signed messages from an emitter on another chain
//! (`lrt xchain submit`).
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
    /// A cross-chain AVS: its slash requests are guardian-signed messages (VAAs) from
    /// EMITTER (hex: a 20-byte contract address, left-padded, or 32 bytes) on Wormhole
    /// chain CHAIN (2 = Ethereum), relayed with `lrt xchain submit`
    #[arg(long, value_name = "CHAIN:EMITTER", conflicts_with = "slash_authority")]
    pub remote: Option<String>,
}

/// `CHAIN:EMITTER`: a Wormhole chain id and an emitter address in hex (20 bytes are
/// left-padded to 32, as Wormhole writes an EVM address); checked with `AvsKind::validate`.
pub fn parse_remote(text: &str) -> Result<AvsKind> {
    let bad = || {
        anyhow::anyhow!(
            "malformed --remote {text:?}: use CHAIN:EMITTER, e.g. 2:0x<40 hex digits> (a \
             Wormhole chain id and the emitter contract's address)"
        )
    };
    let (chain, emitter) = text.trim().split_once(':').ok_or_else(bad)?;
    let chain: u16 = chain.trim().parse().map_err(|_| bad())?;
    let bytes = crate::cmd::xchain::parse_hex(emitter).map_err(|_| bad())?;
    let mut padded = [0u8; 32];
    match bytes.len() {
        20 => padded[12..].copy_from_slice(&bytes),
        32 => padded.copy_from_slice(&bytes),
        _ => return Err(bad()),
    }
    let kind = AvsKind::Remote {
        chain,
        emitter: padded,
    };
    if let Err(error) = kind.validate() {
        bail!(
            "{}\n(the chain id and the emitter must not be zero)",
            crate::errors::would_refuse(&slasher_registry::ID, &error)
        );
    }
    Ok(kind)
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let id = parse_pubkey(&args.id, "--id")?;
    let admin = parse_pubkey(&args.admin, "--admin")?;
    let kind = match &args.remote {
        Some(remote) => parse_remote(remote)?,
        None => {
            let slash_authority = parse_pubkey(
                args.slash_authority.as_deref().unwrap_or_default(),
                "--slash-authority",
            )?;
            if slash_authority == Pubkey::default() {
                bail!("--slash-authority must not be the all-zeros address");
            }
            AvsKind::Local { slash_authority }
        }
    };
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
            kind,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remote_kind_is_a_chain_and_an_emitter_padded_to_32_bytes() {
        let mut emitter = [0u8; 32];
        emitter[12..].fill(0xab);
        assert_eq!(
            parse_remote(&format!("2:0x{}", "ab".repeat(20))).unwrap(),
            AvsKind::Remote { chain: 2, emitter }
        );
        assert_eq!(
            parse_remote(&format!("30:{}", "cd".repeat(32))).unwrap(),
            AvsKind::Remote {
                chain: 30,
                emitter: [0xcd; 32]
            }
        );
        for bad in ["2", "x:0xab", "2:0x1234", ""] {
            let err = parse_remote(bad).unwrap_err().to_string();
            assert!(err.contains("malformed --remote"), "{bad}: {err}");
        }
        let err = format!(
            "{:#}",
            parse_remote(&format!("0:0x{}", "ab".repeat(20))).unwrap_err()
        );
        assert!(err.contains("InvalidAvsKind"), "{err}");
    }
}

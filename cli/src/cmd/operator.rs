//! Operators: `lrt operator register|update|show|list|delegations`, `opt-in|opt-out <AVS>`,
//! `bond|unbond|complete-unbond <VAULT>`.
//!
//! What a vault gives an operator is an allocation (a fraction of the vault); its stake
//! is that allocation times the vault's slashable value now (`crate::stake`).
//!
//! The operator authority signs (`-k`); the operator account is the registry PDA
//! `["operator", authority]`. Every rule the programs enforce that the CLI can see
//! beforehand (already registered, key rotation pending, opt-in windows, bond balances,
//! unbonding cooldowns) is checked here first, so a mistake costs no fee and says what to
//! fix.
//!
//! One command per file under `operator/`; this file dispatches and parses what `register`
//! and `update` share.
use std::path::Path;

use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context as _, Result};
use clap::Subcommand;
use solana_signer::Signer;

use crate::{
    amount::parse_bps,
    context::{load_keypair, Ctx},
};

mod bond;
mod complete_unbond;
mod delegations;
mod list;
mod opt_in;
mod opt_out;
mod register;
mod show;
mod unbond;
mod update;

#[derive(Subcommand, Debug)]
pub enum OperatorCmd {
    /// Register the signer as an operator in the slasher registry
    Register(register::Args),
    /// Change the signer's operator: commission (announced: it applies from the epoch after
    /// next), signing key, metadata (others unchanged)
    Update(update::Args),
    /// An operator in full: settings, AVSs, stake per vault, bonds, slash history
    Show(show::Args),
    /// Every registered operator with its commission and its stake now (allocations x
    /// vault values)
    List,
    /// Opt in to an AVS: stake allocated to the operator becomes slashable by it from the
    /// next epoch
    OptIn(opt_in::Args),
    /// Opt out of an AVS: the stake stays slashable by it until the end of the next epoch
    OptOut(opt_out::Args),
    /// Lock LRT in a vault as first-loss capital (the vault must have whitelisted the
    /// operator)
    Bond(bond::Args),
    /// Start taking bonded LRT back; it stays slashable and returns after two more epochs
    Unbond(unbond::Args),
    /// Take back LRT whose unbonding wait is over
    CompleteUnbond(complete_unbond::Args),
    /// The vaults' allocations to an operator and the stake each puts behind it now
    Delegations(delegations::Args),
}

pub fn run(ctx: &Ctx, cmd: OperatorCmd) -> Result<()> {
    match cmd {
        OperatorCmd::Register(args) => register::run(ctx, args),
        OperatorCmd::Update(args) => update::run(ctx, args),
        OperatorCmd::Show(args) => show::run(ctx, args),
        OperatorCmd::List => list::run(ctx),
        OperatorCmd::OptIn(args) => opt_in::run(ctx, args),
        OperatorCmd::OptOut(args) => opt_out::run(ctx, args),
        OperatorCmd::Bond(args) => bond::run(ctx, args),
        OperatorCmd::Unbond(args) => unbond::run(ctx, args),
        OperatorCmd::CompleteUnbond(args) => complete_unbond::run(ctx, args),
        OperatorCmd::Delegations(args) => delegations::run(ctx, args),
    }
}

/// An ed25519 public key from a base58 address or from a Solana CLI keypair file.
pub fn parse_signing_key(text: &str) -> Result<[u8; 32]> {
    let trimmed = text.trim();
    let key = match trimmed.parse::<Pubkey>() {
        Ok(key) => key,
        Err(_) if Path::new(trimmed).exists() => load_keypair(Path::new(trimmed))
            .context("--signing-key")?
            .pubkey(),
        Err(_) => bail!(
            "--signing-key {text:?} is neither a base58 public key nor an existing keypair file"
        ),
    };
    if key.to_bytes() == [0; 32] {
        bail!("--signing-key must not be all zeros ({key})");
    }
    Ok(key.to_bytes())
}

pub fn parse_commission(text: &str) -> Result<u16> {
    parse_bps(text).context("--commission")
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;
    use solana_keypair::Keypair;

    #[test]
    fn signing_keys_from_addresses_and_keypair_files() {
        let keypair = Keypair::new();
        let from_text = parse_signing_key(&keypair.pubkey().to_string()).unwrap();
        assert_eq!(from_text, keypair.pubkey().to_bytes());

        let path = std::env::temp_dir().join(format!("lrt-op-key-{}.json", std::process::id()));
        std::fs::write(
            &path,
            serde_json::to_string(&keypair.to_bytes().to_vec()).unwrap(),
        )
        .unwrap();
        let from_file = parse_signing_key(path.to_str().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(from_file, keypair.pubkey().to_bytes());

        let err = parse_signing_key("no-such-file.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("neither a base58 public key"), "{err}");
        let err = parse_signing_key("11111111111111111111111111111111")
            .unwrap_err()
            .to_string();
        assert!(err.contains("all zeros"), "{err}");
    }
}

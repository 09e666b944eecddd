//! `lrt vault`: list and inspect vaults (anyone); create and configure them (curators and
//! fee admins); hand the curator and fee-admin roles over (two steps). One command per file
//! under `vault/`; this file dispatches and holds the parsing and the fee report they share.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use clap::Subcommand;
use lrt_client::lrt_vault::state::{PricingSource, Vault};
use serde::Serialize;

use crate::{
    amount::parse_amount,
    chain::{self, parse_pubkey},
    context::Ctx,
    tx::Sent,
    views::fees::FeesView,
};

mod accept_curator;
mod accept_fee_admin;
mod add_asset;
mod create;
mod list;
mod pause;
mod set_caps;
mod set_fees;
mod set_reward_fees;
mod show;
mod transfer_curator;
mod transfer_fee_admin;

#[derive(Subcommand, Debug)]
pub enum VaultCmd {
    /// Every vault: LRT, value, share price, assets
    List,
    /// One vault in full: assets and prices, delegations, insurance and bonds, slashes
    Show(show::Args),
    /// Create a vault with a seed deposit (the signer is curator and fee admin; --curator
    /// and --fee-admin propose other keys, which take the roles by accepting them)
    Create(create::Args),
    /// Add an LST the vault accepts (curator)
    AddAsset(add_asset::Args),
    /// Set deposit and withdrawal fees (fee admin): a decrease applies now, an increase
    /// after a full epoch of notice (from the epoch after next)
    SetFees(set_fees::Args),
    /// Set an asset's deposit cap (curator)
    SetCaps(set_caps::Args),
    /// Set the fee on rewards and the insurance fund's cut of it (fee admin): a fee
    /// increase after a full epoch of notice, the cut at once
    SetRewardFees(set_reward_fees::Args),
    /// Pause deposits and/or withdrawals (the curator, the pauser or the config admin);
    /// both when neither flag is given. Claims are never paused
    Pause(pause::Args),
    /// Resume deposits and/or withdrawals (the curator, the pauser or the config admin);
    /// both when neither flag is given
    Unpause(pause::Args),
    /// Propose a new curator (curator); it takes over with `vault accept-curator`
    TransferCurator(transfer_curator::Args),
    /// Take the curator role you were proposed for (the proposed key signs)
    AcceptCurator(accept_curator::Args),
    /// Propose a new fee admin (fee admin); it takes over with `vault accept-fee-admin`
    TransferFeeAdmin(transfer_fee_admin::Args),
    /// Take the fee-admin role you were proposed for (the proposed key signs)
    AcceptFeeAdmin(accept_fee_admin::Args),
}

pub fn run(ctx: &Ctx, cmd: VaultCmd) -> Result<()> {
    match cmd {
        VaultCmd::List => list::run(ctx),
        VaultCmd::Show(args) => show::run(ctx, args),
        VaultCmd::Create(args) => create::run(ctx, args),
        VaultCmd::AddAsset(args) => add_asset::run(ctx, args),
        VaultCmd::SetFees(args) => set_fees::run(ctx, args),
        VaultCmd::SetCaps(args) => set_caps::run(ctx, args),
        VaultCmd::SetRewardFees(args) => set_reward_fees::run(ctx, args),
        VaultCmd::Pause(args) => pause::run(ctx, args, true),
        VaultCmd::Unpause(args) => pause::run(ctx, args, false),
        VaultCmd::TransferCurator(args) => transfer_curator::run(ctx, args),
        VaultCmd::AcceptCurator(args) => accept_curator::run(ctx, args),
        VaultCmd::TransferFeeAdmin(args) => transfer_fee_admin::run(ctx, args),
        VaultCmd::AcceptFeeAdmin(args) => accept_fee_admin::run(ctx, args),
    }
}

/// `wsol`, `stake-pool:<POOL>` or `marinade:<STATE>`.
pub fn parse_pricing(text: &str) -> Result<PricingSource> {
    let bad = || {
        anyhow::anyhow!(
            "malformed pricing {text:?}: use wsol, stake-pool:<POOL ADDRESS> or marinade:<STATE \
             ADDRESS>"
        )
    };
    Ok(match text.split_once(':') {
        None if text == "wsol" => PricingSource::Wsol,
        Some(("stake-pool", pool)) => PricingSource::SplStakePool {
            pool: parse_pubkey(pool, "stake pool").map_err(|_| bad())?,
        },
        Some(("marinade", state)) => PricingSource::Marinade {
            state: parse_pubkey(state, "Marinade state").map_err(|_| bad())?,
        },
        _ => return Err(bad()),
    })
}

pub fn parse_cap(text: &str, decimals: u8, symbol: &str) -> Result<u64> {
    if text == "unlimited" {
        Ok(u64::MAX)
    } else {
        parse_amount(text, decimals, symbol)
    }
}

#[derive(Serialize)]
pub struct TxResult<T: Serialize> {
    #[serde(flatten)]
    pub sent: Sent,
    #[serde(flatten)]
    pub detail: T,
}

/// What `set-fees` and `set-reward-fees` print: the fees as the program now holds them
/// (in force, and an announced increase with the epoch it applies from).
pub fn fees_result(ctx: &Ctx, sent: Sent, vault: Pubkey, what: &str) -> Result<()> {
    let (epoch, _) = chain::epoch(ctx)?;
    let state: Vault = chain::fetch_anchor(ctx, &vault, &lrt_vault::ID, "vault")?;
    let fees = FeesView::new(&state, epoch);
    #[derive(Serialize)]
    struct FeesSet {
        vault: String,
        current_epoch: u64,
        fees: FeesView,
        /// First epoch of the announced increase (null if none is pending).
        increases_apply_from_epoch: Option<u64>,
    }
    let result = TxResult {
        sent,
        detail: FeesSet {
            vault: vault.to_string(),
            current_epoch: epoch,
            increases_apply_from_epoch: fees.next_from_epoch,
            fees,
        },
    };
    ctx.out.print(&result, |r| {
        let d = &r.detail;
        let mut text = format!(
            "{what} for vault {}: in force now (epoch {}): {}",
            d.vault, d.current_epoch, d.fees.in_force
        );
        match (&d.fees.next, d.fees.next_from_epoch) {
            (Some(next), Some(from)) => text.push_str(&format!(
                "\nannounced, from epoch {from} (a full epoch of notice): {next}; deposits \
                 and withdrawal requests name the most they accept, so none pays it unless \
                 its signer accepted it"
            )),
            _ => text.push_str("\nno increase pending (a decrease applies at once)"),
        }
        text
    });
    Ok(())
}

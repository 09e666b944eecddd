//! A vault's summary as `lrt vault list` and `lrt vault show` print it, with its assets, and
//! the texts of an asset's pricing and deposit cap.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::lrt_vault::state::{PricingSource, Vault};
use serde::Serialize;

use crate::{
    amount::{format_amount, sol, sol_from_wad, wad},
    chain::{self, MintInfo},
    context::Ctx,
    stake::accrue,
    views::rewards::RewardsView,
};

/// What `vault list` prints per vault (also the head of `vault show`).
#[derive(Serialize)]
pub struct VaultSummary {
    pub address: String,
    pub lrt_mint: String,
    pub name: Option<String>,
    pub symbol: String,
    pub curator: String,
    /// LRT in circulation plus bonded, insurance and treasury shares, in LRT.
    pub share_supply: String,
    /// Active pool value at the cached prices (vesting credited to now), in SOL.
    pub total_value_sol: String,
    /// SOL per LRT (value / share supply), rounded down.
    pub share_price_sol: String,
    pub deposits_paused: bool,
    pub withdrawals_paused: bool,
    /// While a slash of the vault can still be cancelled, deposits wait until this slot
    /// (null when they need not).
    pub deposits_reopen_at_slot: Option<u64>,
    /// A slash took the whole pool: the vault takes no more deposits.
    pub wiped_out: bool,
    pub assets: Vec<AssetView>,
}

#[derive(Serialize)]
pub struct AssetView {
    pub index: u8,
    pub symbol: String,
    pub mint: String,
    pub token_program: String,
    pub pricing: String,
    /// SOL per token, from the last refresh.
    pub price_sol: String,
    pub price_solana_epoch: u64,
    /// Backing LRT shares.
    pub active: String,
    /// In withdrawal buckets, not yet claimed.
    pub queued: String,
    /// Taken by slashes, waiting to be swept.
    pub escrowed: String,
    /// Rewards on their way into `active`: this epoch's arrivals and this epoch's cohort.
    pub rewards: RewardsView,
    /// Most `active` may reach by deposits ("unlimited" when u64::MAX).
    pub deposit_cap: String,
    /// Value of `active` in SOL.
    pub active_value_sol: String,
}

/// The summary of a vault at `slot` (vesting credited), with its assets' mint infos.
pub fn summary(
    ctx: &Ctx,
    key: Pubkey,
    mut state: Vault,
    slot: u64,
) -> Result<(VaultSummary, Vec<MintInfo>)> {
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    // What the vault will be worth when the next instruction credits vesting.
    accrue(ctx, &mut state, slot)?;
    let value_wad = state.active_value_wad().unwrap_or(u128::MAX);
    let mut infos = Vec::new();
    let mut assets = Vec::new();
    for (i, slot) in state.assets().iter().enumerate() {
        let info = chain::mint_info(ctx, &slot.mint)?;
        let d = info.decimals;
        assets.push(AssetView {
            index: i as u8,
            symbol: info.symbol.clone(),
            mint: slot.mint.to_string(),
            token_program: slot.token_program.to_string(),
            pricing: pricing_text(&slot.pricing),
            // price_wad is lamports per raw unit x 1e18; per token: x 10^decimals
            price_sol: wad(slot.price_wad.saturating_mul(10u128.pow(u32::from(d))) / 1_000_000_000),
            price_solana_epoch: slot.price_epoch,
            active: format_amount(slot.active_amount, d),
            queued: format_amount(slot.queued_amount, d),
            escrowed: format_amount(slot.escrowed_amount, d),
            rewards: RewardsView::new(&slot.rewards, d),
            deposit_cap: cap_text(slot.deposit_cap, d),
            active_value_sol: sol_from_wad(
                u128::from(slot.active_amount).saturating_mul(slot.price_wad),
            ),
        });
        infos.push(info);
    }
    let share_price = if state.share_supply == 0 {
        0
    } else {
        value_wad / u128::from(state.share_supply)
    };
    Ok((
        VaultSummary {
            address: key.to_string(),
            lrt_mint: state.lrt_mint.to_string(),
            name: lrt.name,
            symbol: lrt.symbol,
            curator: state.curator.to_string(),
            share_supply: sol(state.share_supply),
            total_value_sol: sol_from_wad(value_wad),
            share_price_sol: wad(share_price),
            deposits_paused: state.deposits_paused,
            withdrawals_paused: state.withdrawals_paused,
            deposits_reopen_at_slot: state
                .slash_window
                .is_open(slot)
                .then_some(state.slash_window.until_slot),
            wiped_out: state.wiped_out,
            assets,
        },
        infos,
    ))
}

pub fn pricing_text(pricing: &PricingSource) -> String {
    match pricing {
        PricingSource::Wsol => "wsol".into(),
        PricingSource::SplStakePool { pool } => format!("stake-pool:{pool}"),
        PricingSource::Marinade { state } => format!("marinade:{state}"),
    }
}

pub fn cap_text(cap: u64, decimals: u8) -> String {
    if cap == u64::MAX {
        "unlimited".into()
    } else {
        format_amount(cap, decimals)
    }
}

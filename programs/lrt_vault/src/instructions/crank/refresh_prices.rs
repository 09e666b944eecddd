//! Anyone caches every asset's price for the current Solana epoch. Clients put this in
//! the same transaction as a deposit, so no user ever waits for a crank.
//!
//! Must hold:
//! - remaining accounts are exactly the pinned pricing accounts of the assets that have
//!   one, in asset order (wSOL has none);
//! - each read passes the owner, mint, token program and freshness checks, or the whole
//!   refresh fails and no price changes;
//! - prices are read once per Solana epoch: when every price is already this epoch's, the
//!   refresh succeeds without effect (a keeper never sees a spurious error, and a price
//!   cannot be swapped mid-epoch around a deposit; Marinade's lag within the epoch is
//!   bounded by the deposit margin, `Vault::deposit_value_wad`).
use anchor_lang::prelude::*;

use crate::{
    constants::VAULT_SEED, errors::VaultError, events::PricesRefreshed, pricing::refresh_slot,
    state::Vault,
};

#[event_cpi]
#[derive(Accounts)]
pub struct RefreshPrices<'info> {
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
}

impl RefreshPrices<'_> {
    pub fn handle<'info>(ctx: Context<'info, RefreshPrices<'info>>) -> Result<()> {
        let solana_epoch = Clock::get()?.epoch;
        if ctx
            .accounts
            .vault
            .require_fresh_prices(solana_epoch)
            .is_ok()
        {
            return Ok(());
        }
        let mut pricing_accounts = ctx.remaining_accounts.iter();
        let vault = &mut ctx.accounts.vault;
        let count = vault.asset_count as usize;
        for slot in vault.assets[..count].iter_mut() {
            let account = match slot.pricing.pricing_account() {
                Some(_) => Some(
                    pricing_accounts
                        .next()
                        .ok_or_else(|| error!(VaultError::MissingPricingAccount))?,
                ),
                None => None,
            };
            refresh_slot(slot, account, solana_epoch)?;
        }
        require!(
            pricing_accounts.next().is_none(),
            VaultError::UnexpectedPricingAccount
        );
        let event = PricesRefreshed {
            vault: vault.key(),
            solana_epoch,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}

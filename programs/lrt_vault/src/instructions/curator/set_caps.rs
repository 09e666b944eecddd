//! The curator sets an asset's deposit cap.
//!
//! Must hold: only the curator; the cap limits future deposits only (lowering it below
//! the current amount blocks deposits, never withdrawals).
use anchor_lang::prelude::*;

use crate::{constants::VAULT_SEED, errors::VaultError, events::CapsSet, state::Vault};

#[event_cpi]
#[derive(Accounts)]
pub struct SetCaps<'info> {
    pub curator: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = curator @ VaultError::NotCurator)]
    pub vault: Box<Account<'info, Vault>>,
}

impl SetCaps<'_> {
    pub fn handle(ctx: Context<Self>, asset_index: u8, deposit_cap: u64) -> Result<()> {
        let vault = &mut ctx.accounts.vault;
        vault.asset_mut(asset_index)?.deposit_cap = deposit_cap;
        let event = CapsSet {
            vault: vault.key(),
            asset_index,
            deposit_cap,
        };
        emit_cpi!(event);
        Ok(())
    }
}

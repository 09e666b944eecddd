//! Anyone credits the rewards vested so far to a vault's active pool.
//!
//! Every instruction that reads the pool's value accrues vesting first, so this crank is
//! never needed for correctness; it keeps the books (and what indexers read) current in a
//! vault where nobody deposits, withdraws or is slashed for a while.
//!
//! Must hold: permissionless; credits exactly what `Vault::accrue_vesting` releases; with
//! nothing vested since the last accrual it succeeds without effect and emits nothing.
use anchor_lang::prelude::*;

use crate::{
    constants::{CONFIG_SEED, VAULT_SEED},
    events::RewardsVested,
    state::{Config, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct VestRewards<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
}

impl VestRewards<'_> {
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let before = accounts.vault.assets.map(|a| a.active_amount);
        accounts
            .vault
            .accrue_vesting(Clock::get()?.slot, accounts.config.epoch_length)?;
        let vault = &accounts.vault;
        let mut vested = [0u64; crate::constants::MAX_ASSETS];
        for ((v, slot), was) in vested.iter_mut().zip(vault.assets).zip(before) {
            *v = slot
                .active_amount
                .checked_sub(was)
                .ok_or_else(|| error!(crate::errors::VaultError::MathOverflow))?;
        }
        if vested.iter().all(|v| *v == 0) {
            return Ok(());
        }
        let event = RewardsVested {
            vault: vault.key(),
            vested,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}

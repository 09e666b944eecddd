//! The curator delegates value to a whitelisted operator, counting from the next epoch.
//!
//! Must hold: only the curator; this Solana epoch's prices (the limits are in value);
//! `amount > 0`; afterwards the operator's stake is at most `max_bps` of the vault's
//! active value and all delegations together at most that value. An increase never
//! counts for a capture in the current epoch (see `Delegation`).
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::{math, VaultError},
    events::DelegationChanged,
    state::{Config, Delegation, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct Delegate<'info> {
    pub curator: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = curator @ VaultError::NotCurator)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [DELEGATION_SEED, vault.key().as_ref(), delegation.operator.as_ref()],
              bump = delegation.bump, has_one = vault)]
    pub delegation: Box<Account<'info, Delegation>>,
}

impl Delegate<'_> {
    fn validate(&self, amount: u64) -> Result<()> {
        require_gt!(amount, 0, VaultError::ZeroAmount);
        self.vault.require_fresh_prices(Clock::get()?.epoch)?;
        Ok(())
    }

    #[access_control(ctx.accounts.validate(amount))]
    pub fn handle(mut ctx: Context<Self>, amount: u64) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        accounts.vault.accrue_vesting(Clock::get()?.slot)?;
        let value_lamports = accounts.vault.active_value_lamports_floor()?;
        let delegation = &mut accounts.delegation;
        delegation.roll(epoch);
        // stake_next >= stake_later: an increase counts from the next epoch in both
        let overflow = || error!(VaultError::MathOverflow);
        let stake_next = delegation
            .stake_next
            .checked_add(amount)
            .ok_or_else(overflow)?;
        let stake_later = delegation
            .stake_later
            .checked_add(amount)
            .ok_or_else(overflow)?;
        let operator_limit = math(restaking_math::bps_floor(
            value_lamports,
            delegation.max_bps,
        ))?;
        let vault_total = accounts
            .vault
            .delegated_total
            .checked_add(amount)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        require!(
            stake_next <= operator_limit && vault_total <= value_lamports,
            VaultError::DelegationLimitExceeded
        );
        delegation.stake_next = stake_next;
        delegation.stake_later = stake_later;
        accounts.vault.delegated_total = vault_total;

        let event = DelegationChanged {
            vault: accounts.vault.key(),
            operator: delegation.operator,
            delta_lamports: i128::from(amount),
            epoch,
            stake_current: delegation.stake_current,
            stake_next,
            stake_later,
            undelegating: delegation.undelegating,
            vault_delegated_total: vault_total,
        };
        emit_cpi!(event);
        Ok(())
    }
}

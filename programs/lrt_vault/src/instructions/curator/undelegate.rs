//! The curator takes stake back from an operator. Like an opt-out, it keeps counting for
//! captures in this epoch and the next (an AVS gets a full epoch to report) and stops
//! from the epoch after; `complete_undelegation` waits until no such capture can still
//! execute.
//!
//! Must hold: only the curator; `0 < amount <= stake_later`.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
    events::DelegationChanged,
    state::{Config, Delegation, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct Undelegate<'info> {
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

impl Undelegate<'_> {
    pub fn handle(mut ctx: Context<Self>, amount: u64) -> Result<()> {
        require_gt!(amount, 0, VaultError::ZeroAmount);
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        let delegation = &mut accounts.delegation;
        delegation.roll(epoch);
        delegation.stake_later = delegation
            .stake_later
            .checked_sub(amount)
            .ok_or_else(|| error!(VaultError::InsufficientDelegation))?;
        delegation.undelegating = delegation
            .undelegating
            .checked_add(amount)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        delegation.undelegate_epoch = epoch;
        let vault = &mut accounts.vault;
        vault.delegated_total = vault.delegated_total.saturating_sub(amount);

        let event = DelegationChanged {
            vault: vault.key(),
            operator: delegation.operator,
            delta_lamports: -i128::from(amount),
            epoch,
            stake_current: delegation.stake_current,
            stake_next: delegation.stake_next,
            stake_later: delegation.stake_later,
            undelegating: delegation.undelegating,
            vault_delegated_total: vault.delegated_total,
        };
        emit_cpi!(event);
        Ok(())
    }
}

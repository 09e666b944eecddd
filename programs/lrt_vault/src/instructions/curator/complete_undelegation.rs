//! Closes the books on undelegated stake once no slash can reach it any more: it counted
//! for captures up to `u + 1` (`u` the undelegation's epoch), which execute by the end of
//! `u + 2`.
//!
//! Must hold: anyone may call (it only releases bookkeeping); something is undelegating;
//! the current epoch is greater than `u + 2`.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
    events::DelegationChanged,
    state::{Config, Delegation},
};

#[event_cpi]
#[derive(Accounts)]
pub struct CompleteUndelegation<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [DELEGATION_SEED, delegation.vault.as_ref(), delegation.operator.as_ref()],
              bump = delegation.bump)]
    pub delegation: Box<Account<'info, Delegation>>,
}

impl CompleteUndelegation<'_> {
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        let delegation = &mut accounts.delegation;
        require_gt!(delegation.undelegating, 0, VaultError::NothingPending);
        require_gt!(
            epoch,
            delegation.undelegate_epoch.saturating_add(2),
            VaultError::CooldownNotOver
        );
        delegation.roll(epoch);
        let released = delegation.undelegating;
        delegation.undelegating = 0;

        let event = DelegationChanged {
            vault: delegation.vault,
            operator: delegation.operator,
            delta_lamports: 0,
            epoch,
            stake_current: delegation.stake_current,
            stake_next: delegation.stake_next,
            stake_later: delegation.stake_later,
            undelegating: released,
            vault_delegated_total: 0,
        };
        emit_cpi!(event);
        Ok(())
    }
}

//! The curator takes back part of an operator's allocation. Like an opt-out, it keeps
//! counting for captures in this epoch and the next (an AVS gets a full epoch to report)
//! and stops from the epoch after; the room it frees under the vault's 100% is usable
//! from then on too.
//!
//! Must hold: only the curator; `0 < allocation_wad <=` the allocation from epoch + 2 on
//! (`Delegation::check_decrease`).
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
    fn validate(&self, allocation_wad: u64) -> Result<()> {
        self.delegation
            .check_decrease(allocation_wad, self.config.current_epoch()?)
    }

    /// Takes `allocation_wad` (WAD fraction of the vault) off the operator's allocation.
    #[access_control(ctx.accounts.validate(allocation_wad))]
    pub fn handle(mut ctx: Context<Self>, allocation_wad: u64) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        let delegation = &mut accounts.delegation;
        delegation.decrease(allocation_wad, epoch)?;
        let vault = &mut accounts.vault;
        // the vault's sum holds this allocation, so it cannot fall short of it
        vault.allocations.decrease(allocation_wad, epoch)?;

        let event = DelegationChanged {
            vault: vault.key(),
            operator: delegation.operator,
            delta_wad: -i128::from(allocation_wad),
            epoch,
            allocation: delegation.allocation,
            vault_allocations: vault.allocations,
        };
        emit_cpi!(event);
        Ok(())
    }
}

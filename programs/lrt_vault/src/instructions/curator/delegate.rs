//! The curator allocates a further fraction of the vault to a whitelisted operator,
//! counting from the next epoch.
//!
//! Must hold: only the curator; `0 < allocation_wad`; afterwards, from the next epoch on,
//! the operator's allocation is within its concentration limit and the vault's allocations
//! sum to at most 100%. An increase never counts for a capture in the current epoch (see
//! `Delegation`). No price is read: an allocation is a fraction, not an amount.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
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
    /// Adds `allocation_wad` (WAD fraction of the vault) to the operator's allocation.
    pub fn handle(mut ctx: Context<Self>, allocation_wad: u64) -> Result<()> {
        require_gt!(allocation_wad, 0, VaultError::ZeroAmount);
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        let delegation = &mut accounts.delegation;
        delegation.allocation.increase(allocation_wad, epoch)?;
        delegation.check_within_limit()?;
        let vault = &mut accounts.vault;
        vault.allocations.increase(allocation_wad, epoch)?;
        vault.check_allocations_within_vault()?;

        let event = DelegationChanged {
            vault: vault.key(),
            operator: delegation.operator,
            delta_wad: i128::from(allocation_wad),
            epoch,
            allocation: delegation.allocation,
            vault_allocations: vault.allocations,
        };
        emit_cpi!(event);
        Ok(())
    }
}

//! The curator changes an operator's concentration limit (the most of the vault it may be
//! allocated).
//!
//! Must hold: only the curator; `0 < max_bps <= 10_000`; a limit below the operator's
//! allocation from the next epoch on is refused (`ConcentrationLimitBelowAllocation`):
//! the curator decreases the allocation first, so the limit never silently contradicts
//! stake that is already exposed.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
    events::ConcentrationLimitSet,
    state::{Config, Delegation, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetConcentrationLimit<'info> {
    pub curator: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = curator @ VaultError::NotCurator)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [DELEGATION_SEED, vault.key().as_ref(), delegation.operator.as_ref()],
              bump = delegation.bump, has_one = vault)]
    pub delegation: Box<Account<'info, Delegation>>,
}

impl SetConcentrationLimit<'_> {
    pub fn handle(mut ctx: Context<Self>, max_bps: u16) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        let delegation = &mut accounts.delegation;
        delegation.allocation.roll(epoch);
        let previous_max_bps = delegation.max_bps;
        delegation.set_limit(max_bps)?;
        let event = ConcentrationLimitSet {
            vault: accounts.vault.key(),
            operator: delegation.operator,
            previous_max_bps,
            max_bps,
        };
        emit_cpi!(event);
        Ok(())
    }
}

//! An operator starts taking bonded shares back. They stay first in line for slashes
//! until `complete_unbond`, which waits until no capture that still counted them can
//! execute (current epoch > this + 2), so an operator cannot pull its bond ahead of a
//! slash it has earned.
//!
//! Must hold: signed by the operator's authority; `0 < shares <= bond.shares`.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
    events::BondChanged,
    state::{Config, OperatorBond, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct Unbond<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [BOND_SEED, vault.key().as_ref(), bond.operator.as_ref()],
              bump = bond.bump, has_one = vault,
              has_one = authority @ VaultError::NotOperatorAuthority)]
    pub bond: Box<Account<'info, OperatorBond>>,
}

impl Unbond<'_> {
    pub fn handle(mut ctx: Context<Self>, shares: u64) -> Result<()> {
        require_gt!(shares, 0, VaultError::ZeroAmount);
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        let bond = &mut accounts.bond;
        bond.shares = bond
            .shares
            .checked_sub(shares)
            .ok_or_else(|| error!(VaultError::InsufficientBond))?;
        bond.unbonding_shares = bond
            .unbonding_shares
            .checked_add(shares)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        // a later unbond restarts the wait for everything still unbonding
        bond.unbond_epoch = epoch;

        let vault = &accounts.vault;
        let event = BondChanged {
            vault: vault.key(),
            operator: bond.operator,
            authority: bond.authority,
            shares: bond.shares,
            unbonding_shares: bond.unbonding_shares,
            unbond_epoch: epoch,
            vault_bonded_shares: vault.bonded_shares,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}

//! Step one of a treasury change: the config admin proposes a new treasury.
//!
//! Must hold: only the admin; the proposal replaces any earlier one; nothing changes until
//! the proposed treasury accepts (`accept_treasury`). Fees already in the vaults' treasury
//! ledgers belong to whoever is the treasury when they are claimed.
use anchor_lang::prelude::*;

use crate::{
    constants::CONFIG_SEED,
    errors::VaultError,
    events::{Role, RoleProposed},
    state::Config,
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetTreasury<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump,
              has_one = admin @ VaultError::NotAdmin)]
    pub config: Box<Account<'info, Config>>,
}

impl SetTreasury<'_> {
    pub fn handle(ctx: Context<Self>, new_treasury: Pubkey) -> Result<()> {
        let config = &mut ctx.accounts.config;
        config.pending_treasury = Some(new_treasury);
        let event = RoleProposed {
            vault: None,
            role: Role::Treasury,
            current: config.treasury,
            proposed: new_treasury,
        };
        emit_cpi!(event);
        Ok(())
    }
}

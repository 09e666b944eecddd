//! The admin names the pauser.
//!
//! Must hold: only the admin.
use anchor_lang::prelude::*;

use crate::{constants::CONFIG_SEED, errors::VaultError, events::PauserSet, state::Config};

#[event_cpi]
#[derive(Accounts)]
pub struct SetPauser<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump,
              has_one = admin @ VaultError::NotAdmin)]
    pub config: Box<Account<'info, Config>>,
}

impl SetPauser<'_> {
    pub fn handle(ctx: Context<Self>, new_pauser: Pubkey) -> Result<()> {
        let config = &mut ctx.accounts.config;
        let previous_pauser = config.pauser;
        config.pauser = new_pauser;
        let event = PauserSet {
            previous_pauser,
            new_pauser,
        };
        emit_cpi!(event);
        Ok(())
    }
}

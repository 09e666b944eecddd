//! Restart the protocol after an emergency stop.
//!
//! Must hold: only the admin.
use anchor_lang::prelude::*;

use crate::{constants::CONFIG_SEED, errors::VaultError, events::ProtocolPauseSet, state::Config};

#[event_cpi]
#[derive(Accounts)]
pub struct Unpause<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump,
              has_one = admin @ VaultError::NotAdmin)]
    pub config: Box<Account<'info, Config>>,
}

impl Unpause<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        ctx.accounts.config.paused = false;
        emit_cpi!(ProtocolPauseSet {
            by: ctx.accounts.admin.key(),
            paused: false,
        });
        Ok(())
    }
}

//! Emergency stop of the whole protocol: deposits, withdrawal requests and claims.
//!
//! Must hold: the signer is the pauser or the admin (a quick hand to stop, a careful one
//! to restart: only the admin unpauses).
use anchor_lang::prelude::*;

use crate::{constants::CONFIG_SEED, errors::VaultError, events::ProtocolPauseSet, state::Config};

#[event_cpi]
#[derive(Accounts)]
pub struct Pause<'info> {
    pub authority: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

impl Pause<'_> {
    fn validate(&self) -> Result<()> {
        let signer = self.authority.key();
        require!(
            signer == self.config.pauser || signer == self.config.admin,
            VaultError::NotPauser
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        ctx.accounts.config.paused = true;
        emit_cpi!(ProtocolPauseSet {
            by: ctx.accounts.authority.key(),
            paused: true,
        });
        Ok(())
    }
}

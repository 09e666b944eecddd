//! The AVS admin changes the fraction requested per equivocation.
//!
//! Must hold: only the config's admin; `0 < slash_wad <= 1e18`. Requests already made
//! keep their fraction (the registry recorded it).
use anchor_lang::prelude::*;

use crate::{constants::*, errors::AvsError, events::SlashWadSet, state::AvsConfig};

#[event_cpi]
#[derive(Accounts)]
pub struct SetSlashWad<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump,
              has_one = admin @ AvsError::NotAdmin)]
    pub config: Box<Account<'info, AvsConfig>>,
}

impl SetSlashWad<'_> {
    fn validate(&self, slash_wad: u128) -> Result<()> {
        require!(slash_wad > 0 && slash_wad <= WAD, AvsError::InvalidSlashWad);
        Ok(())
    }

    #[access_control(ctx.accounts.validate(slash_wad))]
    pub fn handle(ctx: Context<Self>, slash_wad: u128) -> Result<()> {
        let config = &mut ctx.accounts.config;
        let previous_slash_wad = config.slash_wad;
        config.slash_wad = slash_wad;
        emit_cpi!(SlashWadSet {
            admin: ctx.accounts.admin.key(),
            previous_slash_wad,
            slash_wad,
        });
        Ok(())
    }
}

//! The admin names the veto authority.
//!
//! Must hold: only the admin; the new authority can veto pending requests at once (and
//! the previous one no longer can).
use anchor_lang::prelude::*;

use crate::{
    constants::REGISTRY_CONFIG_SEED, errors::RegistryError, events::VetoAuthoritySet,
    state::RegistryConfig,
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetVetoAuthority<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = admin @ RegistryError::NotAdmin)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
}

impl SetVetoAuthority<'_> {
    pub fn handle(ctx: Context<Self>, new_veto_authority: Pubkey) -> Result<()> {
        let config = &mut ctx.accounts.registry_config;
        let previous_veto_authority = config.veto_authority;
        config.veto_authority = new_veto_authority;
        emit_cpi!(VetoAuthoritySet {
            previous_veto_authority,
            new_veto_authority,
        });
        Ok(())
    }
}

//! Deactivate or reactivate an AVS.
//!
//! Must hold:
//! - deactivating: the AVS admin or the registry admin (either may stop an AVS that
//!   misbehaves); an inactive AVS cannot request, execute, or take new opt-ins;
//! - reactivating: only the registry admin (an AVS stopped by governance cannot restart
//!   itself).
use anchor_lang::prelude::*;

use crate::{
    constants::{AVS_SEED, REGISTRY_CONFIG_SEED},
    errors::RegistryError,
    events::AvsActiveSet,
    state::{Avs, RegistryConfig},
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetAvsActive<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
}

impl SetAvsActive<'_> {
    fn validate(&self, active: bool) -> Result<()> {
        let signer = self.authority.key();
        let is_registry_admin = signer == self.registry_config.admin;
        require!(
            is_registry_admin || signer == self.avs.admin,
            RegistryError::NotAvsAdmin
        );
        require!(
            !active || is_registry_admin,
            RegistryError::OnlyAdminReactivates
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(active))]
    pub fn handle(ctx: Context<Self>, active: bool) -> Result<()> {
        ctx.accounts.avs.active = active;
        emit_cpi!(AvsActiveSet {
            avs: ctx.accounts.avs.key(),
            by: ctx.accounts.authority.key(),
            active,
        });
        Ok(())
    }
}

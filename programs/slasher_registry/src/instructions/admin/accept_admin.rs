//! Step two of a registry admin handover: the proposed admin signs to take over.
//!
//! Must hold: the signer is `registry_config.pending_admin`; afterwards no transfer is
//! pending.
use anchor_lang::prelude::*;

use crate::{
    constants::REGISTRY_CONFIG_SEED, errors::RegistryError, events::AdminTransferred,
    state::RegistryConfig,
};

#[event_cpi]
#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    pub new_admin: Signer<'info>,
    #[account(mut, seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
}

impl AcceptAdmin<'_> {
    fn validate(&self) -> Result<()> {
        require!(
            self.registry_config.pending_admin == Some(self.new_admin.key()),
            RegistryError::NotPendingAdmin
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let config = &mut ctx.accounts.registry_config;
        let previous_admin = config.admin;
        config.admin = ctx.accounts.new_admin.key();
        config.pending_admin = None;
        let event = AdminTransferred {
            previous_admin,
            new_admin: config.admin,
        };
        emit_cpi!(event);
        Ok(())
    }
}

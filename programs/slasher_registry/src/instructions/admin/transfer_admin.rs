//! Step one of a registry admin handover: the admin proposes a successor.
//!
//! Must hold: only the admin; the proposal replaces any earlier one; nothing changes
//! hands until the successor accepts (a typo cannot lock the registry).
use anchor_lang::prelude::*;

use crate::{
    constants::REGISTRY_CONFIG_SEED, errors::RegistryError, events::AdminTransferStarted,
    state::RegistryConfig,
};

#[event_cpi]
#[derive(Accounts)]
pub struct TransferAdmin<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = admin @ RegistryError::NotAdmin)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
}

impl TransferAdmin<'_> {
    pub fn handle(ctx: Context<Self>, new_admin: Pubkey) -> Result<()> {
        ctx.accounts.registry_config.pending_admin = Some(new_admin);
        emit_cpi!(AdminTransferStarted {
            admin: ctx.accounts.admin.key(),
            pending_admin: new_admin,
        });
        Ok(())
    }
}

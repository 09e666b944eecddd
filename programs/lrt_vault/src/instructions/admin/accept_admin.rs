//! Step two of an admin handover: the proposed admin signs to take over.
//!
//! Must hold: the signer is `config.pending_admin`; afterwards no transfer is pending.
use anchor_lang::prelude::*;

use crate::{
    constants::CONFIG_SEED,
    errors::VaultError,
    events::AdminTransferred,
    state::{accept_role, Config},
};

#[event_cpi]
#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    pub new_admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

impl AcceptAdmin<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let config: &mut Config = &mut ctx.accounts.config;
        let previous_admin = accept_role(
            &mut config.admin,
            &mut config.pending_admin,
            ctx.accounts.new_admin.key(),
            VaultError::NotPendingAdmin,
        )?;
        let event = AdminTransferred {
            previous_admin,
            new_admin: config.admin,
        };
        emit_cpi!(event);
        Ok(())
    }
}

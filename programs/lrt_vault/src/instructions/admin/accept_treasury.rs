//! Step two of a treasury change: the proposed treasury signs to take over.
//!
//! Must hold: the signer is `config.pending_treasury`; afterwards nothing is pending.
use anchor_lang::prelude::*;

use crate::{
    constants::CONFIG_SEED,
    errors::VaultError,
    events::{Role, RoleAccepted},
    state::{accept_role, Config},
};

#[event_cpi]
#[derive(Accounts)]
pub struct AcceptTreasury<'info> {
    pub new_treasury: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

impl AcceptTreasury<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let config: &mut Config = &mut ctx.accounts.config;
        let previous = accept_role(
            &mut config.treasury,
            &mut config.pending_treasury,
            ctx.accounts.new_treasury.key(),
            VaultError::NotPendingTreasury,
        )?;
        let event = RoleAccepted {
            vault: None,
            role: Role::Treasury,
            previous,
            new: config.treasury,
        };
        emit_cpi!(event);
        Ok(())
    }
}

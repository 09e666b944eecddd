//! Step one of an admin handover: the admin proposes a successor.
//!
//! Must hold: only the admin; the proposal replaces any earlier one; nothing changes
//! hands until the successor accepts (a typo cannot lock the protocol).
use anchor_lang::prelude::*;

use crate::{
    constants::CONFIG_SEED, errors::VaultError, events::AdminTransferStarted, state::Config,
};

#[event_cpi]
#[derive(Accounts)]
pub struct TransferAdmin<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump,
              has_one = admin @ VaultError::NotAdmin)]
    pub config: Box<Account<'info, Config>>,
}

impl TransferAdmin<'_> {
    pub fn handle(ctx: Context<Self>, new_admin: Pubkey) -> Result<()> {
        ctx.accounts.config.pending_admin = Some(new_admin);
        emit_cpi!(AdminTransferStarted {
            admin: ctx.accounts.admin.key(),
            pending_admin: new_admin,
        });
        Ok(())
    }
}

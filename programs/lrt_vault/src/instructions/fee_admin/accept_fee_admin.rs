//! Step two of a fee-admin handover (or of a vault created for someone else): the proposed
//! fee admin signs to take the role.
//!
//! Must hold: the signer is `vault.pending_fee_admin`; afterwards nothing is pending.
use anchor_lang::prelude::*;

use crate::{
    constants::VAULT_SEED,
    errors::VaultError,
    events::{Role, RoleAccepted},
    state::{accept_role, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct AcceptFeeAdmin<'info> {
    pub new_fee_admin: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
}

impl AcceptFeeAdmin<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let vault: &mut Vault = &mut ctx.accounts.vault;
        let previous = accept_role(
            &mut vault.fee_admin,
            &mut vault.pending_fee_admin,
            ctx.accounts.new_fee_admin.key(),
            VaultError::NotPendingFeeAdmin,
        )?;
        let event = RoleAccepted {
            vault: Some(vault_key),
            role: Role::FeeAdmin,
            previous,
            new: vault.fee_admin,
        };
        emit_cpi!(event);
        Ok(())
    }
}

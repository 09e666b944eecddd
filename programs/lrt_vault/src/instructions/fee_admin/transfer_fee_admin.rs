//! Step one of a fee-admin handover: the fee admin proposes a successor.
//!
//! Must hold: only the fee admin; the proposal replaces any earlier one; the successor takes
//! the role only by signing `accept_fee_admin`.
use anchor_lang::prelude::*;

use crate::{
    constants::VAULT_SEED,
    errors::VaultError,
    events::{Role, RoleProposed},
    state::Vault,
};

#[event_cpi]
#[derive(Accounts)]
pub struct TransferFeeAdmin<'info> {
    pub fee_admin: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = fee_admin @ VaultError::NotFeeAdmin)]
    pub vault: Box<Account<'info, Vault>>,
}

impl TransferFeeAdmin<'_> {
    pub fn handle(ctx: Context<Self>, new_fee_admin: Pubkey) -> Result<()> {
        let vault = &mut ctx.accounts.vault;
        vault.pending_fee_admin = Some(new_fee_admin);
        let event = RoleProposed {
            vault: Some(vault.key()),
            role: Role::FeeAdmin,
            current: vault.fee_admin,
            proposed: new_fee_admin,
        };
        emit_cpi!(event);
        Ok(())
    }
}

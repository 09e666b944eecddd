//! Step two of a curator handover (or of a vault created for someone else): the proposed
//! curator signs to take the role.
//!
//! Must hold: the signer is `vault.pending_curator`; afterwards nothing is pending.
use anchor_lang::prelude::*;

use crate::{
    constants::VAULT_SEED,
    errors::VaultError,
    events::{Role, RoleAccepted},
    state::{accept_role, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct AcceptCurator<'info> {
    pub new_curator: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
}

impl AcceptCurator<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let vault_key = ctx.accounts.vault.key();
        let vault: &mut Vault = &mut ctx.accounts.vault;
        let previous = accept_role(
            &mut vault.curator,
            &mut vault.pending_curator,
            ctx.accounts.new_curator.key(),
            VaultError::NotPendingCurator,
        )?;
        let event = RoleAccepted {
            vault: Some(vault_key),
            role: Role::Curator,
            previous,
            new: vault.curator,
        };
        emit_cpi!(event);
        Ok(())
    }
}

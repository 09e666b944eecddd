//! Step one of a curator handover: the curator proposes a successor.
//!
//! Must hold: only the curator; the proposal replaces any earlier one; the successor takes
//! the role only by signing `accept_curator`.
use anchor_lang::prelude::*;

use crate::{
    constants::VAULT_SEED,
    errors::VaultError,
    events::{Role, RoleProposed},
    state::Vault,
};

#[event_cpi]
#[derive(Accounts)]
pub struct TransferCurator<'info> {
    pub curator: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = curator @ VaultError::NotCurator)]
    pub vault: Box<Account<'info, Vault>>,
}

impl TransferCurator<'_> {
    pub fn handle(ctx: Context<Self>, new_curator: Pubkey) -> Result<()> {
        let vault = &mut ctx.accounts.vault;
        vault.pending_curator = Some(new_curator);
        let event = RoleProposed {
            vault: Some(vault.key()),
            role: Role::Curator,
            current: vault.curator,
            proposed: new_curator,
        };
        emit_cpi!(event);
        Ok(())
    }
}

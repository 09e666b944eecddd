//! The registry cancels an executed slash during its resolution delay (DESIGN.md section
//! 5, step 5: the registry admin's backstop against a faulty AVS). The escrowed tokens
//! return to the active pool, so every holder gets back their part of what was taken.
//!
//! Must hold: signed by the registry's `["slasher"]` PDA only (the registry checks its
//! admin and the delay); the escrow is this vault's, not cancelled and not swept. Bond and
//! insurance shares burnt by the slash stay burnt: their value returns to the pool with
//! the tokens, i.e. to all holders, which is what cancelling a loss they absorbed means.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
    events::SlashCancelled,
    state::{Config, SlashEscrow, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct CancelEscrow<'info> {
    /// The registry's `["slasher"]` PDA, checked in `validate`.
    pub slasher: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [ESCROW_SEED, vault.key().as_ref(), escrow.request.as_ref()],
              bump = escrow.bump, has_one = vault)]
    pub escrow: Box<Account<'info, SlashEscrow>>,
}

impl CancelEscrow<'_> {
    fn validate(&self) -> Result<()> {
        let (slasher, _) =
            Pubkey::find_program_address(&[SLASHER_SEED], &self.config.registry_program);
        require_keys_eq!(self.slasher.key(), slasher, VaultError::NotSlasher);
        require!(
            !self.escrow.cancelled && !self.escrow.swept.iter().any(|swept| *swept),
            VaultError::EscrowAlreadySettled
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let amounts = accounts.escrow.amounts;
        let vault = &mut accounts.vault;
        let count = vault.asset_count as usize;
        for (slot, amount) in vault.assets[..count].iter_mut().zip(amounts) {
            slot.escrowed_amount = slot
                .escrowed_amount
                .checked_sub(amount)
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
            slot.active_amount = slot
                .active_amount
                .checked_add(amount)
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
        }
        accounts.escrow.cancelled = true;
        let event = SlashCancelled {
            vault: vault.key(),
            request: accounts.escrow.request,
            returned: amounts,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}

//! The registry admin cancels an executed slash during its resolution delay: the
//! governance backstop against a faulty AVS (DESIGN.md section 5, step 5). Vetoes happen
//! before execution, cancels after; the vault returns the escrow to its active pool.
//!
//! Must hold: only the registry admin; the execution exists and is not cancelled; the
//! current slot is before its `resolve_after_slot` (after it the escrow may be swept);
//! the vault and escrow are the execution's; the vault program applies the cancel only
//! for the registry's `["slasher"]` PDA.
use anchor_lang::prelude::*;
use lrt_vault::cpi::accounts::CancelEscrow;

use crate::{
    constants::*,
    errors::RegistryError,
    events::SlashCancelled,
    state::{RegistryConfig, SlashExecution},
};

#[event_cpi]
#[derive(Accounts)]
pub struct CancelSlash<'info> {
    pub admin: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = admin @ RegistryError::NotAdmin)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, seeds = [SLASH_EXECUTION_SEED, slash_execution.request.as_ref(),
                            slash_execution.vault.as_ref()], bump = slash_execution.bump)]
    pub slash_execution: Box<Account<'info, SlashExecution>>,
    /// CHECK: the registry's signer for the vault; address fixed by the seeds.
    #[account(seeds = [SLASHER_SEED], bump)]
    pub slasher: UncheckedAccount<'info>,
    /// CHECK: the vault program's Config; checked by the vault program.
    pub vault_config: UncheckedAccount<'info>,
    /// CHECK: the execution's vault; the vault program checks the rest.
    #[account(mut, address = slash_execution.vault @ RegistryError::WrongExecutionVault)]
    pub vault: UncheckedAccount<'info>,
    /// CHECK: the vault's escrow for this request; checked by the vault program.
    #[account(mut)]
    pub escrow: UncheckedAccount<'info>,
    /// CHECK: the vault program's event authority; checked by the vault program.
    pub vault_event_authority: UncheckedAccount<'info>,
    /// CHECK: the vault program.
    #[account(address = lrt_vault::ID)]
    pub vault_program: UncheckedAccount<'info>,
}

impl CancelSlash<'_> {
    fn validate(&self) -> Result<()> {
        require!(
            !self.slash_execution.cancelled,
            RegistryError::SlashAlreadyCancelled
        );
        require_gt!(
            self.slash_execution.resolve_after_slot,
            Clock::get()?.slot,
            RegistryError::ResolutionDelayOver
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let slasher_seeds: &[&[&[u8]]] = &[&[SLASHER_SEED, &[ctx.bumps.slasher]]];
        lrt_vault::cpi::cancel_escrow(CpiContext::new_with_signer(
            accounts.vault_program.key(),
            CancelEscrow {
                slasher: accounts.slasher.to_account_info(),
                config: accounts.vault_config.to_account_info(),
                vault: accounts.vault.to_account_info(),
                escrow: accounts.escrow.to_account_info(),
                event_authority: accounts.vault_event_authority.to_account_info(),
                program: accounts.vault_program.to_account_info(),
            },
            slasher_seeds,
        ))?;
        let execution = &mut accounts.slash_execution;
        execution.cancelled = true;
        let event = SlashCancelled {
            request: execution.request,
            vault: execution.vault,
            loss_lamports: execution.loss_lamports,
            cancelled_slot: Clock::get()?.slot,
        };
        emit_cpi!(event);
        Ok(())
    }
}

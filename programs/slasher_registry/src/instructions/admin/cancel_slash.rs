//! The registry admin cancels an executed slash during its resolution delay: the
//! governance backstop against a faulty AVS (DESIGN.md section 5, step 5). Vetoes happen
//! before execution, cancels after. The vault undoes the slash exactly
//! (`lrt_vault::cancel_escrow`: every position that bore it gets its part back), and the
//! registry takes the loss back out of its ledgers, so the caps it used are free again.
//!
//! Must hold:
//! - only the registry admin; the execution exists and is not cancelled; the current slot
//!   is before its `resolve_after_slot` (after it the escrow may be swept);
//! - the vault, the escrow, the request and the ledgers are the execution's own: the
//!   escrow is `["escrow", vault, execution.request]` of the vault program, so another
//!   execution's escrow (an older one, past its delay, say) cannot be cancelled in its
//!   place;
//! - the vault program applies the cancel only for the registry's `["slasher"]` PDA;
//! - the request's, the epoch ledgers' and the `VaultAvs` totals drop by the loss; the
//!   execution stays recorded (cancelled), so the request cannot execute again against
//!   this vault.
use anchor_lang::prelude::*;
use lrt_vault::{constants::ESCROW_SEED, cpi::accounts::CancelEscrow};

use crate::{
    constants::*,
    errors::RegistryError,
    events::SlashCancelled,
    state::{
        RegistryConfig, SlashExecution, SlashRequest, VaultAvs, VaultAvsEpochSlash, VaultEpochSlash,
    },
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
    #[account(mut, address = slash_execution.request @ RegistryError::WrongExecutionRequest)]
    pub slash_request: Box<Account<'info, SlashRequest>>,
    #[account(mut, seeds = [VAULT_EPOCH_SLASH_SEED, slash_execution.vault.as_ref(),
                            slash_execution.operator.as_ref(),
                            &slash_execution.capture_epoch.to_le_bytes()],
              bump = vault_epoch_slash.bump)]
    pub vault_epoch_slash: Box<Account<'info, VaultEpochSlash>>,
    #[account(mut, seeds = [VAULT_AVS_SEED, slash_execution.vault.as_ref(),
                            slash_execution.avs.as_ref()], bump = vault_avs.bump)]
    pub vault_avs: Box<Account<'info, VaultAvs>>,
    #[account(mut, seeds = [VAULT_AVS_EPOCH_SLASH_SEED, vault_avs.key().as_ref(),
                            slash_execution.operator.as_ref(),
                            &slash_execution.capture_epoch.to_le_bytes()],
              bump = vault_avs_epoch_slash.bump)]
    pub vault_avs_epoch_slash: Box<Account<'info, VaultAvsEpochSlash>>,
    /// CHECK: the registry's signer for the vault; address fixed by the seeds.
    #[account(seeds = [SLASHER_SEED], bump)]
    pub slasher: UncheckedAccount<'info>,
    /// CHECK: the vault program's Config; checked by the vault program.
    pub vault_config: UncheckedAccount<'info>,
    /// CHECK: the execution's vault; the vault program checks the rest.
    #[account(mut, address = slash_execution.vault @ RegistryError::WrongExecutionVault)]
    pub vault: UncheckedAccount<'info>,
    /// CHECK: the vault's escrow of this execution's request (address fixed by the
    /// seeds); the vault program checks its contents.
    #[account(mut, seeds = [ESCROW_SEED, vault.key().as_ref(), slash_execution.request.as_ref()],
              bump, seeds::program = lrt_vault::ID)]
    pub escrow: UncheckedAccount<'info>,
    /// CHECK: the operator's bond in the vault; checked by the vault program.
    #[account(mut)]
    pub bond: UncheckedAccount<'info>,
    /// CHECK: the vault's delegation to the operator; checked by the vault program.
    #[account(mut)]
    pub delegation: UncheckedAccount<'info>,
    /// CHECK: the vault's buckets of epochs c+1, c+2, c+3 (may not exist); checked by the
    /// vault program.
    #[account(mut)]
    pub bucket_1: UncheckedAccount<'info>,
    /// CHECK: as `bucket_1`.
    #[account(mut)]
    pub bucket_2: UncheckedAccount<'info>,
    /// CHECK: as `bucket_1`.
    #[account(mut)]
    pub bucket_3: UncheckedAccount<'info>,
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
        lrt_vault::cpi::cancel_escrow(
            CpiContext::new_with_signer(
                accounts.vault_program.key(),
                CancelEscrow {
                    slasher: accounts.slasher.to_account_info(),
                    config: accounts.vault_config.to_account_info(),
                    vault: accounts.vault.to_account_info(),
                    escrow: accounts.escrow.to_account_info(),
                    bond: accounts.bond.to_account_info(),
                    delegation: accounts.delegation.to_account_info(),
                    bucket_1: accounts.bucket_1.to_account_info(),
                    bucket_2: accounts.bucket_2.to_account_info(),
                    bucket_3: accounts.bucket_3.to_account_info(),
                    event_authority: accounts.vault_event_authority.to_account_info(),
                    program: accounts.vault_program.to_account_info(),
                },
                slasher_seeds,
            ),
            accounts.slash_execution.request,
        )?;

        // the loss is no longer counted against the request or the caps
        let execution = &mut accounts.slash_execution;
        let loss = execution.loss_lamports;
        execution.cancelled = true;
        let request = &mut accounts.slash_request;
        request.slashed_lamports = request.slashed_lamports.saturating_sub(loss);
        let ledger = &mut accounts.vault_epoch_slash;
        ledger.slashed_lamports = ledger.slashed_lamports.saturating_sub(loss);
        let avs_ledger = &mut accounts.vault_avs_epoch_slash;
        avs_ledger.slashed_lamports = avs_ledger.slashed_lamports.saturating_sub(loss);
        accounts.vault_avs.unrecord(execution.capture_epoch, loss);

        let event = SlashCancelled {
            request: execution.request,
            vault: execution.vault,
            loss_lamports: loss,
            cancelled_slot: Clock::get()?.slot,
        };
        emit_cpi!(event);
        Ok(())
    }
}

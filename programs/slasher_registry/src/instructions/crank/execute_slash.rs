//! Anyone executes a slash request against one vault: the registry computes the loss,
//! applies the caps, records the execution once, and has `lrt_vault::apply_slash` take it
//! (signing with the registry's `["slasher"]` PDA).
//!
//! Must hold:
//! - the request is not vetoed, its veto deadline has passed (`slot > veto_deadline_slot`)
//!   and the restaking epoch is `cur <= c + 1` (`c` = capture epoch): the window in which
//!   the vault still knows the stake at `c`;
//! - the AVS is still active; the operator and the vault were both opted in to the AVS
//!   and active at `c` (`state::opt_in`); the vault program's Config names this registry;
//! - the operator's stake now is its allocation at `c` times the vault's slashable value
//!   (the active pool and the buckets of epochs c+1 and c+2), computed by the vault's own
//!   `Vault::allocated_stake` (through `vault_view::ValuedVault`, as
//!   `publish_stake_attestation`); the base `s` is its allocation at `c` times the slashable
//!   value before any slash of `c` reached the vault (kept in `VaultCapture` by the first
//!   one, of whichever operator), fixed in (vault, operator, c)'s `VaultEpochSlash` by
//!   the operator's first slash (every slash lowers the vault's value: reading it again
//!   would shrink the base while the slashed total grows, and measuring one operator's
//!   base after another's slash would make the holders' loss depend on who executes
//!   first); `s > 0`;
//! - loss = `ceil(min(wad, max_slash_wad) * s / 1e18)`, with the maximum the request
//!   recorded (the AVS's in force at `c`, not its current one), then capped by
//!   - the curator's cap for this AVS: `floor(s * cap_bps / 1e4)` less what this AVS
//!     already slashed from (vault, operator) for `c` (`VaultAvsEpochSlash`),
//!   - the registry-wide cap in force at the capture epoch `c`
//!     (`RegistryConfig::params_at(c)`): `floor(s * max_vault_slash_bps_per_epoch / 1e4)`
//!     less what every AVS together slashed from (vault, operator) for `c`
//!     (`VaultEpochSlash`), and
//!   - the operator's stake now (the vault's own bound in `apply_slash`);
//!
//!   so per (vault, operator, c) the total slashed never exceeds `s`, nor either cap of
//!   `s`, and each request's fraction is of `s`, not of what earlier slashes left;
//! - a positive request against positive stake takes at least one lamport (the loss
//!   rounds up); if a cap leaves no room the execution fails with the cap's error instead
//!   of recording a slash of nothing (`NoStakeAtCapture` if only the stake left is zero);
//! - one execution per (request, vault): `SlashExecution` is created here, so a second
//!   attempt fails; a capped execution is final (the remainder is not taken later);
//! - the escrow resolves after the resolution delay in force at the execution's epoch,
//!   and its tokens go to the destination the request recorded (the AVS's in force at
//!   `c`): a change announced after the request never reaches it;
//! - a request with a target (`RequestTarget`, a remote message naming one vault)
//!   executes against that vault only (`VaultNotTargeted`);
//! - every account at a predictable address is created even if pre-funded.
use anchor_lang::prelude::*;
use lrt_vault::{
    constants::{BUCKET_SEED, CONFIG_SEED, DELEGATION_SEED, VAULT_SEED},
    cpi::accounts::ApplySlash,
    instructions::ApplySlashArgs,
    program::LrtVault,
    state::{Config as VaultConfig, Delegation, Vault},
};

use crate::{
    constants::*,
    errors::{math, RegistryError},
    events::SlashExecuted,
    pda_accounts::{create_pda_account, exists, load, store},
    state::{
        Avs, Operator, OperatorAvs, RegistryConfig, RequestTarget, SlashExecution, SlashRequest,
        VaultAvs, VaultAvsEpochSlash, VaultCapture, VaultEpochSlash,
    },
    vault_view::ValuedVault,
};

#[event_cpi]
#[derive(Accounts)]
pub struct ExecuteSlash<'info> {
    /// Anyone; pays the rent of the execution record, the epoch ledgers (first slash of
    /// the epoch for the operator, and for the AVS) and the vault's escrow.
    #[account(mut)]
    pub executor: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(mut, seeds = [SLASH_REQUEST_SEED, slash_request.avs.as_ref(),
                            &slash_request.index.to_le_bytes()], bump = slash_request.bump)]
    pub slash_request: Box<Account<'info, SlashRequest>>,
    #[account(seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump,
              constraint = avs.key() == slash_request.avs @ RegistryError::WrongAvs)]
    pub avs: Box<Account<'info, Avs>>,
    #[account(seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump,
              constraint = operator.key() == slash_request.operator @ RegistryError::WrongOperator)]
    pub operator: Box<Account<'info, Operator>>,
    #[account(seeds = [OPERATOR_AVS_SEED, operator.key().as_ref(), avs.key().as_ref()],
              bump = operator_avs.bump)]
    pub operator_avs: Box<Account<'info, OperatorAvs>>,
    /// The vault to slash (written by `apply_slash`).
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              seeds::program = lrt_vault::ID)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [VAULT_AVS_SEED, vault.key().as_ref(), avs.key().as_ref()],
              bump = vault_avs.bump)]
    pub vault_avs: Box<Account<'info, VaultAvs>>,
    /// The vault's delegation to the operator: the stake at the capture epoch (written by
    /// `apply_slash`).
    #[account(mut, seeds = [DELEGATION_SEED, vault.key().as_ref(), operator.key().as_ref()],
              bump = delegation.bump, seeds::program = lrt_vault::ID)]
    pub delegation: Box<Account<'info, Delegation>>,
    /// CHECK: the new execution record (address fixed by the seeds), created here once.
    #[account(mut, seeds = [SLASH_EXECUTION_SEED, slash_request.key().as_ref(),
                            vault.key().as_ref()], bump)]
    pub slash_execution: UncheckedAccount<'info>,
    /// CHECK: the ledger of (vault, operator, capture epoch) (address fixed by the
    /// seeds), created by its first slash, loaded after.
    #[account(mut, seeds = [VAULT_EPOCH_SLASH_SEED, vault.key().as_ref(),
                            operator.key().as_ref(),
                            &slash_request.capture_epoch.to_le_bytes()], bump)]
    pub vault_epoch_slash: UncheckedAccount<'info>,
    /// CHECK: the vault's value before any slash of the capture epoch (address fixed by
    /// the seeds), created by the epoch's first slash of the vault, loaded after.
    #[account(mut, seeds = [VAULT_CAPTURE_SEED, vault.key().as_ref(),
                            &slash_request.capture_epoch.to_le_bytes()], bump)]
    pub vault_capture: UncheckedAccount<'info>,
    /// CHECK: this AVS's ledger of (vault, operator, capture epoch) (address fixed by the
    /// seeds), created by its first slash, loaded after.
    #[account(mut, seeds = [VAULT_AVS_EPOCH_SLASH_SEED, vault_avs.key().as_ref(),
                            operator.key().as_ref(),
                            &slash_request.capture_epoch.to_le_bytes()], bump)]
    pub vault_avs_epoch_slash: UncheckedAccount<'info>,
    /// CHECK: the registry's signer for `apply_slash`; address fixed by the seeds.
    #[account(seeds = [SLASHER_SEED], bump)]
    pub slasher: UncheckedAccount<'info>,
    /// CHECK: the operator's bond in the vault; checked by `apply_slash`.
    #[account(mut)]
    pub bond: UncheckedAccount<'info>,
    /// CHECK: the vault's bucket of epoch c + 1 (address fixed by the seeds; may not
    /// exist): part of the slashable value.
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &slash_request.capture_epoch.saturating_add(1).to_le_bytes()],
              bump, seeds::program = lrt_vault::ID)]
    pub bucket_next: UncheckedAccount<'info>,
    /// CHECK: the vault's bucket of epoch c + 2 (address fixed by the seeds; may not
    /// exist): part of the slashable value.
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &slash_request.capture_epoch.saturating_add(2).to_le_bytes()],
              bump, seeds::program = lrt_vault::ID)]
    pub bucket_after: UncheckedAccount<'info>,
    /// CHECK: the vault's escrow of (request, vault), created by `apply_slash`.
    #[account(mut)]
    pub escrow: UncheckedAccount<'info>,
    /// CHECK: the vault program's event authority (its `emit_cpi!`); checked by the vault.
    pub vault_event_authority: UncheckedAccount<'info>,
    pub vault_program: Program<'info, LrtVault>,
    pub system_program: Program<'info, System>,
    /// CHECK: the request's target (address fixed by the seeds; exists only for a request
    /// that names one vault).
    #[account(seeds = [REQUEST_TARGET_SEED, slash_request.key().as_ref()], bump)]
    pub request_target: UncheckedAccount<'info>,
}

impl ExecuteSlash<'_> {
    fn validate(&self) -> Result<()> {
        let request = &self.slash_request;
        let slot = Clock::get()?.slot;
        request.check_executable(slot, self.vault_config.epoch_at(slot))?;
        require!(self.avs.active, RegistryError::AvsInactive);
        request.check_reaches(&self.operator_avs.window, &self.vault_avs.window)?;
        if exists(&self.request_target) {
            load::<RequestTarget>(&self.request_target)?.check_vault(&self.vault.key())?;
        }
        require_keys_eq!(
            self.vault_config.registry_program,
            crate::ID,
            RegistryError::WrongRegistryProgram
        );
        require!(
            !exists(&self.slash_execution),
            RegistryError::SlashAlreadyExecuted
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let slot = Clock::get()?.slot;
        let cur = accounts.vault_config.epoch_at(slot);
        let request_key = accounts.slash_request.key();
        let vault_key = accounts.vault.key();
        let operator_key = accounts.operator.key();
        let vault_avs_key = accounts.vault_avs.key();
        let capture = accounts.slash_request.capture_epoch;
        let payer = accounts.executor.to_account_info();
        let system_program = accounts.system_program.to_account_info();

        // 1. the operator's stake now, with the vault's own code (on a copy: the vault
        //    accrues its vesting itself in apply_slash), and the stake at capture before
        //    any slash of the epoch: kept by the epoch's first slash
        let allocation = accounts.delegation.allocation.at(capture, cur)?;
        let valued = ValuedVault::read(
            &accounts.vault,
            &accounts.vault_config,
            &accounts.bucket_next.to_account_info(),
            &accounts.bucket_after.to_account_info(),
            &Clock::get()?,
        )?;
        let remaining = valued.stake(allocation)?;
        let capture_info = accounts.vault_capture.to_account_info();
        let recorded = if exists(&capture_info) {
            Some(load::<VaultCapture>(&capture_info)?)
        } else {
            None
        };
        let base_value =
            VaultCapture::base_value_wad(recorded.as_ref(), valued.slashable_value_wad()?);
        let ledger_info = accounts.vault_epoch_slash.to_account_info();
        let mut ledger = if exists(&ledger_info) {
            load::<VaultEpochSlash>(&ledger_info)?
        } else {
            let stake = VaultEpochSlash::stake_at_capture(None, allocation, base_value)?;
            require_gt!(stake, 0, RegistryError::NoStakeAtCapture);
            create_pda_account(
                &payer,
                &ledger_info,
                &system_program,
                8 + VaultEpochSlash::INIT_SPACE,
                &[
                    VAULT_EPOCH_SLASH_SEED,
                    vault_key.as_ref(),
                    operator_key.as_ref(),
                    &capture.to_le_bytes(),
                    &[ctx.bumps.vault_epoch_slash],
                ],
            )?;
            VaultEpochSlash {
                vault: vault_key,
                operator: operator_key,
                capture_epoch: capture,
                stake_at_capture_lamports: stake,
                slashed_lamports: 0,
                executions: 0,
                bump: ctx.bumps.vault_epoch_slash,
            }
        };
        if recorded.is_none() {
            create_pda_account(
                &payer,
                &capture_info,
                &system_program,
                8 + VaultCapture::INIT_SPACE,
                &[
                    VAULT_CAPTURE_SEED,
                    vault_key.as_ref(),
                    &capture.to_le_bytes(),
                    &[ctx.bumps.vault_capture],
                ],
            )?;
            let record = VaultCapture {
                vault: vault_key,
                capture_epoch: capture,
                slashable_value_wad: base_value,
                bump: ctx.bumps.vault_capture,
            };
            store(&capture_info, &record)?;
        }
        let stake = ledger.stake_at_capture_lamports;
        require_gt!(stake, 0, RegistryError::NoStakeAtCapture);
        let avs_ledger_info = accounts.vault_avs_epoch_slash.to_account_info();
        let mut avs_ledger = if exists(&avs_ledger_info) {
            load::<VaultAvsEpochSlash>(&avs_ledger_info)?
        } else {
            create_pda_account(
                &payer,
                &avs_ledger_info,
                &system_program,
                8 + VaultAvsEpochSlash::INIT_SPACE,
                &[
                    VAULT_AVS_EPOCH_SLASH_SEED,
                    vault_avs_key.as_ref(),
                    operator_key.as_ref(),
                    &capture.to_le_bytes(),
                    &[ctx.bumps.vault_avs_epoch_slash],
                ],
            )?;
            VaultAvsEpochSlash {
                vault_avs: vault_avs_key,
                operator: operator_key,
                capture_epoch: capture,
                slashed_lamports: 0,
                executions: 0,
                bump: ctx.bumps.vault_avs_epoch_slash,
            }
        };

        let request = &accounts.slash_request;
        let effective_wad = request.wad.min(request.max_slash_wad);
        // 2. the loss, a fraction of the stake at capture, and its caps, rooms of it
        // (the same function previews it in clients)
        let outcome = math(restaking_math::execution_loss(
            &restaking_math::ExecutionInput {
                stake_at_capture: stake,
                remaining,
                request_wad: request.wad,
                max_slash_wad: request.max_slash_wad,
                avs_cap_bps: accounts.vault_avs.cap_bps,
                avs_slashed: avs_ledger.slashed_lamports,
                registry_cap_bps: accounts
                    .registry_config
                    .params_at(capture)
                    .max_vault_slash_bps_per_epoch,
                vault_slashed: ledger.slashed_lamports,
            },
        ))?;
        // `loss` >= 1: the requested loss is the ceil of a positive fraction of a positive
        // stake, and every room is positive here
        let (requested_loss, loss, avs_room, vault_room) = match outcome {
            restaking_math::ExecutionLoss::Take {
                requested,
                loss,
                avs_room,
                vault_room,
            } => (requested, loss, avs_room, vault_room),
            restaking_math::ExecutionLoss::AvsCapUsed => {
                return err!(RegistryError::AvsVaultCapExhausted)
            }
            restaking_math::ExecutionLoss::VaultCapUsed => {
                return err!(RegistryError::VaultEpochCapExhausted)
            }
            restaking_math::ExecutionLoss::NoStake => return err!(RegistryError::NoStakeAtCapture),
        };

        // 3. the books: execution record, epoch ledgers, request totals
        let resolve_after_slot = slot
            .checked_add(
                accounts
                    .registry_config
                    .params_at(cur)
                    .resolution_delay_slots,
            )
            .ok_or_else(|| error!(RegistryError::MathOverflow))?;
        let execution_info = accounts.slash_execution.to_account_info();
        create_pda_account(
            &payer,
            &execution_info,
            &system_program,
            8 + SlashExecution::INIT_SPACE,
            &[
                SLASH_EXECUTION_SEED,
                request_key.as_ref(),
                vault_key.as_ref(),
                &[ctx.bumps.slash_execution],
            ],
        )?;
        let execution = SlashExecution {
            request: request_key,
            vault: vault_key,
            avs: accounts.avs.key(),
            operator: operator_key,
            capture_epoch: capture,
            stake_lamports: stake,
            requested_loss_lamports: requested_loss,
            loss_lamports: loss,
            executor: payer.key(),
            executed_slot: slot,
            resolve_after_slot,
            cancelled: false,
            bump: ctx.bumps.slash_execution,
        };
        store(&execution_info, &execution)?;
        let overflow = || error!(RegistryError::MathOverflow);
        ledger.slashed_lamports = ledger
            .slashed_lamports
            .checked_add(loss)
            .ok_or_else(overflow)?;
        ledger.executions = ledger.executions.checked_add(1).ok_or_else(overflow)?;
        store(&ledger_info, &ledger)?;
        avs_ledger.slashed_lamports = avs_ledger
            .slashed_lamports
            .checked_add(loss)
            .ok_or_else(overflow)?;
        avs_ledger.executions = avs_ledger.executions.checked_add(1).ok_or_else(overflow)?;
        store(&avs_ledger_info, &avs_ledger)?;
        accounts.vault_avs.record(capture, loss)?;
        let request = &mut accounts.slash_request;
        request.executions = request.executions.checked_add(1).ok_or_else(overflow)?;
        request.slashed_lamports = request
            .slashed_lamports
            .checked_add(loss)
            .ok_or_else(overflow)?;

        // 4. the vault takes the loss, signed by the registry's PDA
        let destination = accounts.slash_request.destination;
        let slasher_seeds: &[&[&[u8]]] = &[&[SLASHER_SEED, &[ctx.bumps.slasher]]];
        lrt_vault::cpi::apply_slash(
            CpiContext::new_with_signer(
                accounts.vault_program.key(),
                ApplySlash {
                    slasher: accounts.slasher.to_account_info(),
                    payer,
                    config: accounts.vault_config.to_account_info(),
                    vault: accounts.vault.to_account_info(),
                    delegation: accounts.delegation.to_account_info(),
                    bond: accounts.bond.to_account_info(),
                    bucket_next: accounts.bucket_next.to_account_info(),
                    bucket_after: accounts.bucket_after.to_account_info(),
                    escrow: accounts.escrow.to_account_info(),
                    system_program,
                    event_authority: accounts.vault_event_authority.to_account_info(),
                    program: accounts.vault_program.to_account_info(),
                },
                slasher_seeds,
            ),
            ApplySlashArgs {
                request: request_key,
                operator: execution.operator,
                capture_epoch: capture,
                loss_lamports: loss,
                destination,
                resolve_after_slot,
            },
        )?;

        let event = SlashExecuted {
            request: request_key,
            execution: execution_info.key(),
            avs: execution.avs,
            operator: execution.operator,
            vault: vault_key,
            executor: execution.executor,
            capture_epoch: capture,
            stake_lamports: stake,
            effective_wad,
            requested_loss_lamports: requested_loss,
            avs_cap_room_lamports: avs_room,
            vault_cap_room_lamports: vault_room,
            loss_lamports: loss,
            avs_epoch_total_lamports: avs_ledger.slashed_lamports,
            vault_epoch_total_lamports: ledger.slashed_lamports,
            destination,
            resolve_after_slot,
        };
        emit_cpi!(event);
        Ok(())
    }
}

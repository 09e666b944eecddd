//! An AVS asks to slash an operator.
//!
//! Must hold:
//! - the AVS's kind in force now (`Avs::kind_at(cur)`: a change of slash authority waits
//!   a full epoch) is local and its `slash_authority` signs (an AVS program signs with its
//!   PDA through `invoke_signed`); remote AVSs come through guardian messages instead;
//! - the AVS is active; the operator is opted in to it and slashable in the current
//!   epoch (`OperatorAvs::check_slashable_at`): a request that could never execute is
//!   refused now, so an AVS that records its evidence with the request keeps it for a
//!   request that counts;
//! - `0 < wad <= 1e18` (the AVS's maximum applies at execution);
//! - the request captures the current restaking epoch `c` of the vault program's Config:
//!   only stake active at `c` can be taken; its veto deadline is
//!   `slot + veto_window_slots` with the window in force at `c`
//!   (`RegistryConfig::params_at`), recorded, so a later change never moves it;
//! - it records the AVS's `max_slash_wad` and `destination` in force at `c`
//!   (`Avs::max_slash_wad_at`, `Avs::destination_at`): it executes with them whatever the
//!   AVS announces later (a pending request keeps its rules);
//! - requests are numbered by `avs.request_count`, which grows by one; the request account
//!   is created even at a pre-funded address (the next index is predictable).
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::*,
    errors::RegistryError,
    events::SlashRequested,
    pda_accounts::{create_pda_account, store},
    state::{Avs, AvsKind, OperatorAvs, RegistryConfig, SlashRequest},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct RequestSlashArgs {
    /// Fraction of the operator's stake to take (WAD, 1e18 = 100%).
    pub wad: u128,
    /// Hash of the evidence, for the veto authority to review.
    pub evidence_hash: [u8; 32],
}

#[event_cpi]
#[derive(Accounts)]
pub struct RequestSlash<'info> {
    /// The AVS's `Local { slash_authority }`.
    pub slash_authority: Signer<'info>,
    /// Pays the request's rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(mut, seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
    /// The opt-in of the operator to slash to this AVS (it names the registry `Operator`).
    #[account(seeds = [OPERATOR_AVS_SEED, operator_avs.operator.as_ref(), avs.key().as_ref()],
              bump = operator_avs.bump)]
    pub operator_avs: Box<Account<'info, OperatorAvs>>,
    /// CHECK: the new request (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [SLASH_REQUEST_SEED, avs.key().as_ref(),
                            &avs.request_count.to_le_bytes()], bump)]
    pub slash_request: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl RequestSlash<'_> {
    fn validate(&self, args: &RequestSlashArgs) -> Result<()> {
        let cur = self.vault_config.epoch_at(Clock::get()?.slot);
        match self.avs.kind_at(cur) {
            AvsKind::Local { slash_authority } => require_keys_eq!(
                self.slash_authority.key(),
                slash_authority,
                RegistryError::NotSlashAuthority
            ),
            AvsKind::Remote { .. } => return err!(RegistryError::AvsNotLocal),
        }
        require!(self.avs.active, RegistryError::AvsInactive);
        self.operator_avs.check_slashable_at(cur)?;
        require!(
            args.wad > 0 && args.wad <= WAD,
            RegistryError::InvalidSlashWad
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<Self>, args: RequestSlashArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let (key, request) = create_slash_request(
            NewSlashRequest {
                payer: &accounts.payer.to_account_info(),
                slash_request: &accounts.slash_request.to_account_info(),
                slash_request_bump: ctx.bumps.slash_request,
                system_program: &accounts.system_program.to_account_info(),
                registry_config: &accounts.registry_config,
                vault_config: &accounts.vault_config,
            },
            &mut accounts.avs,
            accounts.operator_avs.operator,
            args.wad,
            args.evidence_hash,
        )?;
        emit_cpi!(slash_requested(key, &request));
        Ok(())
    }
}

/// The accounts a new slash request is made with, local or remote alike.
pub(crate) struct NewSlashRequest<'a, 'info> {
    pub payer: &'a AccountInfo<'info>,
    pub slash_request: &'a AccountInfo<'info>,
    pub slash_request_bump: u8,
    pub system_program: &'a AccountInfo<'info>,
    pub registry_config: &'a RegistryConfig,
    pub vault_config: &'a VaultConfig,
}

/// Creates the AVS's next slash request against `operator` (the one path local requests
/// and verified remote messages share): capture epoch now, veto deadline with the window
/// in force, the AVS's maximum and destination in force recorded; the AVS's counter
/// grows by one. The caller has checked who asks, the opt-in and the fraction.
pub(crate) fn create_slash_request(
    new: NewSlashRequest<'_, '_>,
    avs: &mut Account<'_, Avs>,
    operator: Pubkey,
    wad: u128,
    evidence_hash: [u8; 32],
) -> Result<(Pubkey, SlashRequest)> {
    let slot = Clock::get()?.slot;
    let capture_epoch = new.vault_config.epoch_at(slot);
    let veto_deadline_slot = slot
        .checked_add(
            new.registry_config
                .params_at(capture_epoch)
                .veto_window_slots,
        )
        .ok_or_else(|| error!(RegistryError::MathOverflow))?;
    let avs_key = avs.key();
    let index = avs.request_count;
    create_pda_account(
        new.payer,
        new.slash_request,
        new.system_program,
        8 + SlashRequest::INIT_SPACE,
        &[
            SLASH_REQUEST_SEED,
            avs_key.as_ref(),
            &index.to_le_bytes(),
            &[new.slash_request_bump],
        ],
    )?;
    let request = SlashRequest {
        avs: avs_key,
        operator,
        index,
        wad,
        max_slash_wad: avs.max_slash_wad_at(capture_epoch),
        evidence_hash,
        capture_epoch,
        requested_slot: slot,
        veto_deadline_slot,
        destination: avs.destination_at(capture_epoch),
        vetoed: false,
        executions: 0,
        slashed_lamports: 0,
        bump: new.slash_request_bump,
    };
    store(new.slash_request, &request)?;
    avs.request_count = index
        .checked_add(1)
        .ok_or_else(|| error!(RegistryError::MathOverflow))?;
    Ok((new.slash_request.key(), request))
}

/// The event of a new request.
pub(crate) fn slash_requested(key: Pubkey, request: &SlashRequest) -> SlashRequested {
    SlashRequested {
        request: key,
        avs: request.avs,
        operator: request.operator,
        index: request.index,
        wad: request.wad,
        max_slash_wad: request.max_slash_wad,
        evidence_hash: request.evidence_hash,
        capture_epoch: request.capture_epoch,
        requested_slot: request.requested_slot,
        veto_deadline_slot: request.veto_deadline_slot,
        destination: request.destination,
    }
}

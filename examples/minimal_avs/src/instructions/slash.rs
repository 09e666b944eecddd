//! The admin asks the registry to slash an operator: one CPI,
//! `slasher_registry::request_slash`, signed by this AVS's `["slasher"]` PDA.
//!
//! Must hold:
//! - only the config's admin signs (`NotAdmin`); the admin pays the request's rent;
//! - `operator_avs` is the registry's `["operator_avs", operator, avs]`: the request is
//!   against the operator the admin named, and no other;
//! - everything else is the registry's to check, and its errors come back unchanged
//!   (codes 6000+ of `slasher_registry`): the AVS is local, active and names this PDA as
//!   its slash authority in the current epoch; the operator is opted in and slashable now
//!   (`OperatorNotSlashable`; a missing opt-in account fails Anchor's
//!   `AccountNotInitialized`); `0 < fraction_wad <= 1e18` (`InvalidSlashWad`). A fraction
//!   above the AVS's `max_slash_wad` is accepted: the request records the maximum in force
//!   and takes at most that at execution.
//!
//! The registry names the request `["slash_request", avs, avs.request_count]` and emits
//! `SlashRequested` (capture epoch, veto deadline, the AVS's maximum and destination):
//! read the request account or that event, not a return value.
//!
//! Call depth: transaction -> minimal_avs (1) -> slasher_registry::request_slash (2) ->
//! system program and the registry's `emit_cpi!` self-invoke (3).
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::MinimalAvsError,
    slasher_registry::{self, program::SlasherRegistry, types::RequestSlashArgs},
    state::AvsConfig,
};

#[derive(Accounts)]
#[instruction(operator: Pubkey)]
pub struct Slash<'info> {
    /// Decides the slash and pays the request's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump,
              has_one = admin @ MinimalAvsError::NotAdmin)]
    pub config: Account<'info, AvsConfig>,
    /// CHECK: holds nothing; signs `request_slash` (address fixed by the seeds).
    #[account(seeds = [SLASH_AUTHORITY_SEED], bump = config.slash_authority_bump)]
    pub slash_authority: UncheckedAccount<'info>,

    // --- passed on to slasher_registry::request_slash, which checks them ---
    /// CHECK: the registry's `["registry_config"]`, checked by the registry.
    pub registry_config: UncheckedAccount<'info>,
    /// CHECK: `lrt_vault`'s `["config"]` (the restaking epoch), checked by the registry.
    pub vault_config: UncheckedAccount<'info>,
    /// CHECK: this AVS's registry account; the registry increments its `request_count`.
    #[account(mut, address = config.avs @ MinimalAvsError::WrongAvs)]
    pub avs: UncheckedAccount<'info>,
    /// CHECK: the operator's opt-in to this AVS (address fixed by the seeds); its state is
    /// checked by the registry.
    #[account(seeds = [REGISTRY_OPERATOR_AVS_SEED, operator.as_ref(), avs.key().as_ref()],
              bump, seeds::program = slasher_registry::ID)]
    pub operator_avs: UncheckedAccount<'info>,
    /// CHECK: the new `["slash_request", avs, request_count_le]`, checked and created by
    /// the registry.
    #[account(mut)]
    pub slash_request: UncheckedAccount<'info>,
    /// CHECK: the registry's `["__event_authority"]`, checked by the registry.
    pub registry_event_authority: UncheckedAccount<'info>,
    pub registry_program: Program<'info, SlasherRegistry>,
    pub system_program: Program<'info, System>,
}

impl Slash<'_> {
    pub fn handle(
        ctx: Context<Self>,
        _operator: Pubkey,
        fraction_wad: u128,
        evidence_hash: [u8; 32],
    ) -> Result<()> {
        let a = &ctx.accounts;
        let accounts = slasher_registry::cpi::accounts::RequestSlash {
            slash_authority: a.slash_authority.to_account_info(),
            payer: a.admin.to_account_info(),
            registry_config: a.registry_config.to_account_info(),
            vault_config: a.vault_config.to_account_info(),
            avs: a.avs.to_account_info(),
            operator_avs: a.operator_avs.to_account_info(),
            slash_request: a.slash_request.to_account_info(),
            system_program: a.system_program.to_account_info(),
            event_authority: a.registry_event_authority.to_account_info(),
            program: a.registry_program.to_account_info(),
        };
        let signer: &[&[u8]] = &[SLASH_AUTHORITY_SEED, &[a.config.slash_authority_bump]];
        slasher_registry::cpi::request_slash(
            CpiContext::new_with_signer(slasher_registry::ID, accounts, &[signer]),
            RequestSlashArgs {
                wad: fraction_wad,
                evidence_hash,
            },
        )
    }
}

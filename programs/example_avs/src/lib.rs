//! `example_avs`: a real AVS. Operators sign attestations `(round, value)` with their
//! registered ed25519 key, where a round is a slot; two different signed values for one
//! round by one operator prove equivocation and make this program request a slash from
//! the registry by CPI, while the round's restaking epoch is the current or the previous
//! one.
//!
//! Setup: the registry admin registers the AVS (`slasher_registry::register_avs`) with
//! `kind = Local { slash_authority: PDA ["config"] of this program }` and an admin; that
//! admin calls `initialize`. Message format, proof and evidence: `attestation`.
//! Rewards: the AVS admin pays a reward for (vault, operator) out of the treasury owned by
//! the `["rewards"]` PDA (anyone funds it) through `lrt_vault::distribute_rewards`
//! (`pay_reward`).
//!
//! Each entrypoint below only delegates to its instruction file.
#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;

pub mod attestation;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod pda_accounts;
pub mod state;

use instructions::*;

declare_id!("2nvBFYF6iy9babtWpbwT8Tuyri3XpCj3KzcbWxv4qCc9");

#[program]
pub mod example_avs {
    use super::*;

    /// The registry AVS's admin creates this AVS's config (once).
    pub fn initialize(ctx: Context<Initialize>, args: InitializeArgs) -> Result<()> {
        Initialize::handle(ctx, args)
    }

    /// The AVS admin changes the fraction of stake requested per equivocation.
    pub fn set_slash_wad(ctx: Context<SetSlashWad>, slash_wad: u128) -> Result<()> {
        SetSlashWad::handle(ctx, slash_wad)
    }

    /// The AVS admin pays a reward for (vault, operator) from the `["rewards"]` treasury
    /// through `lrt_vault::distribute_rewards`.
    pub fn pay_reward(ctx: Context<PayReward>, args: PayRewardArgs) -> Result<()> {
        PayReward::handle(ctx, args)
    }

    /// Anyone proves an operator signed two values for one round (two Ed25519 program
    /// instructions right before this one); the registry receives a slash request.
    pub fn report_equivocation(
        ctx: Context<ReportEquivocation>,
        args: ReportEquivocationArgs,
    ) -> Result<()> {
        ReportEquivocation::handle(ctx, args)
    }
}

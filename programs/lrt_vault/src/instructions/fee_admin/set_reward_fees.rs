//! The fee admin sets the vault's fee on rewards and the insurance fund's cut of it.
//!
//! Must hold: only the fee admin; `reward_fee_bps <= MAX_REWARD_FEE_BPS`;
//! `insurance_cut_bps <= 10_000`. Rewards are paid per event, so the new rates apply to
//! the next reward (nothing already earned is re-priced).
use anchor_lang::prelude::*;

use crate::{constants::*, errors::VaultError, events::RewardFeesSet, state::Vault};

#[event_cpi]
#[derive(Accounts)]
pub struct SetRewardFees<'info> {
    pub fee_admin: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = fee_admin @ VaultError::NotFeeAdmin)]
    pub vault: Box<Account<'info, Vault>>,
}

impl SetRewardFees<'_> {
    pub fn handle(ctx: Context<Self>, reward_fee_bps: u16, insurance_cut_bps: u16) -> Result<()> {
        require!(
            reward_fee_bps <= MAX_REWARD_FEE_BPS
                && u64::from(insurance_cut_bps) <= restaking_math::BPS_DENOMINATOR,
            VaultError::FeeAboveCap
        );
        let vault = &mut ctx.accounts.vault;
        vault.reward_fee_bps = reward_fee_bps;
        vault.insurance_cut_bps = insurance_cut_bps;
        let event = RewardFeesSet {
            vault: vault.key(),
            reward_fee_bps,
            insurance_cut_bps,
        };
        emit_cpi!(event);
        Ok(())
    }
}

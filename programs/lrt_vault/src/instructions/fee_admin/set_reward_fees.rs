//! The fee admin sets the vault's fee on rewards and the insurance fund's cut of it.
//!
//! Must hold: only the fee admin; `reward_fee_bps <= MAX_REWARD_FEE_BPS`;
//! `insurance_cut_bps <= 10_000`. The reward fee follows the fee rule (a decrease at once,
//! an increase after a full epoch of notice: `FeeSchedule::set`), applied to each reward
//! as it is paid; the insurance cut only divides the fee between the insurance fund and the
//! treasury (it costs the holders nothing), so it applies at once. The deposit and
//! withdrawal fees keep their latest announced values.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
    events::FeesSet,
    state::{Config, Fees, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetRewardFees<'info> {
    pub fee_admin: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
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
        let epoch = ctx.accounts.config.current_epoch()?;
        let vault = &mut ctx.accounts.vault;
        let fees = Fees {
            reward_bps: reward_fee_bps,
            ..vault.fees.next
        };
        vault.fees.set(fees, epoch);
        vault.insurance_cut_bps = insurance_cut_bps;
        let event = FeesSet {
            vault: vault.key(),
            fees: vault.fees.at(epoch),
            next: vault.fees.next,
            effective_epoch: vault.fees.effective_epoch,
            insurance_cut_bps,
        };
        emit_cpi!(event);
        Ok(())
    }
}

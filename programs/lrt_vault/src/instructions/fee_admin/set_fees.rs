//! The fee admin sets the vault's deposit and withdrawal fees.
//!
//! Must hold: only the fee admin; each fee <= its cap in Config; a decrease applies at
//! once, an increase after a full epoch of notice (from the epoch after next:
//! `FeeSchedule::set`); the reward fee keeps its latest announced value.
use anchor_lang::prelude::*;

use crate::{
    constants::{CONFIG_SEED, VAULT_SEED},
    errors::VaultError,
    events::FeesSet,
    state::{Config, Fees, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetFees<'info> {
    pub fee_admin: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = fee_admin @ VaultError::NotFeeAdmin)]
    pub vault: Box<Account<'info, Vault>>,
}

impl SetFees<'_> {
    fn validate(&self, deposit_fee_bps: u16, withdrawal_fee_bps: u16) -> Result<()> {
        require!(
            deposit_fee_bps <= self.config.max_deposit_fee_bps
                && withdrawal_fee_bps <= self.config.max_withdrawal_fee_bps,
            VaultError::FeeAboveCap
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(deposit_fee_bps, withdrawal_fee_bps))]
    pub fn handle(ctx: Context<Self>, deposit_fee_bps: u16, withdrawal_fee_bps: u16) -> Result<()> {
        let epoch = ctx.accounts.config.current_epoch()?;
        let vault = &mut ctx.accounts.vault;
        let fees = Fees {
            deposit_bps: deposit_fee_bps,
            withdrawal_bps: withdrawal_fee_bps,
            reward_bps: vault.fees.next.reward_bps,
        };
        vault.fees.set(fees, epoch);
        let event = FeesSet {
            vault: vault.key(),
            fees: vault.fees.at(epoch),
            next: vault.fees.next,
            effective_epoch: vault.fees.effective_epoch,
            insurance_cut_bps: vault.insurance_cut_bps,
        };
        emit_cpi!(event);
        Ok(())
    }
}

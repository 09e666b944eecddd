//! The fee admin sets the vault's deposit and withdrawal fees.
//!
//! Must hold: only the fee admin; each fee <= its cap in Config; a decrease applies at
//! once, an increase from the next restaking epoch (see `FeeSchedule::set`).
use anchor_lang::prelude::*;

use crate::{
    constants::{CONFIG_SEED, VAULT_SEED},
    errors::VaultError,
    events::FeesSet,
    state::{Config, Vault},
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
        vault.fees.set(deposit_fee_bps, withdrawal_fee_bps, epoch);
        let fees = vault.fees;
        let event = FeesSet {
            vault: vault.key(),
            deposit_fee_bps: fees.deposit_fee_bps,
            withdrawal_fee_bps: fees.withdrawal_fee_bps,
            next_deposit_fee_bps: fees.next_deposit_fee_bps,
            next_withdrawal_fee_bps: fees.next_withdrawal_fee_bps,
            next_effective_epoch: fees.next_effective_epoch,
        };
        emit_cpi!(event);
        Ok(())
    }
}

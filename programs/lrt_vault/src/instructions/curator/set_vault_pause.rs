//! Pause or resume deposits and withdrawal requests of one vault.
//!
//! Must hold: the signer is the vault's curator, the protocol pauser or the config admin
//! (`Vault::check_pauser`). Claims of matured tickets are never blocked by a vault pause:
//! users always get out.
use anchor_lang::prelude::*;

use crate::{
    constants::{CONFIG_SEED, VAULT_SEED},
    events::VaultPauseSet,
    state::{Config, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetVaultPause<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
}

impl SetVaultPause<'_> {
    fn validate(&self) -> Result<()> {
        self.vault.check_pauser(&self.authority.key(), &self.config)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(
        ctx: Context<Self>,
        deposits_paused: bool,
        withdrawals_paused: bool,
    ) -> Result<()> {
        let vault = &mut ctx.accounts.vault;
        vault.deposits_paused = deposits_paused;
        vault.withdrawals_paused = withdrawals_paused;
        let event = VaultPauseSet {
            vault: vault.key(),
            by: ctx.accounts.authority.key(),
            deposits_paused,
            withdrawals_paused,
        };
        emit_cpi!(event);
        Ok(())
    }
}

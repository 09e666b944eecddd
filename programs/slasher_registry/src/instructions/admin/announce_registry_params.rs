//! The registry admin announces new slashing parameters: the veto window, the resolution
//! delay, the registry-wide cap and the commission cap. They apply from `cur + 2`
//! (DESIGN.md section 7, invariant 10: at least one full epoch of notice).
//!
//! Must hold:
//! - only the registry admin;
//! - the parameters meet `RegistryParams::validate`, the same bounds as at initialisation
//!   (against the vault program's epoch length);
//! - a change already in force is folded into `params` first (a second announcement never
//!   loses the first one's effect once it applied; one still pending is replaced), then
//!   `next_params` = these and `params_effective_epoch = cur + 2`; the parameters
//!   announced last announce nothing (`NothingToAnnounce`);
//! - requests made and executions captured before the change keep the values in force
//!   then (`state::registry_config` says which epoch each use reads).
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::REGISTRY_CONFIG_SEED,
    errors::RegistryError,
    events::RegistryParamsAnnounced,
    state::{RegistryConfig, RegistryParams},
};

#[event_cpi]
#[derive(Accounts)]
pub struct AnnounceRegistryParams<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = admin @ RegistryError::NotAdmin)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// The vault program's Config: the restaking epoch and the epoch length that bounds
    /// the veto window and the resolution delay.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
}

impl AnnounceRegistryParams<'_> {
    fn validate(&self, args: &RegistryParams) -> Result<()> {
        args.validate(self.vault_config.epoch_length)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: RegistryParams) -> Result<()> {
        let cur = ctx.accounts.vault_config.current_epoch()?;
        let config = &mut ctx.accounts.registry_config;
        config.announce_params(args, cur)?;
        let event = RegistryParamsAnnounced {
            admin: config.admin,
            epoch: cur,
            params: config.params_at(cur),
            next_params: config.next_params,
            effective_epoch: config.params_effective_epoch,
        };
        emit_cpi!(event);
        Ok(())
    }
}

//! The registry admin announces new slashing parameters: the veto window, the resolution
//! delay, the registry-wide cap and the commission cap. They apply from `cur + 2`
//! (DESIGN.md section 7, invariant 10: at least one full epoch of notice).
//!
//! Each parameter is optional (`None` keeps the one announced last), so a client that
//! changes one never announces the others by mistake.
//!
//! Must hold:
//! - only the registry admin;
//! - the parameters (those given over those announced last) meet `RegistryParams::validate`, the same bounds as at initialisation
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

/// The parameters to announce; `None` keeps the one announced last.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnnounceRegistryParamsArgs {
    pub veto_window_slots: Option<u64>,
    pub resolution_delay_slots: Option<u64>,
    pub max_vault_slash_bps_per_epoch: Option<u16>,
    pub max_commission_bps: Option<u16>,
}

/// Every parameter given.
impl From<RegistryParams> for AnnounceRegistryParamsArgs {
    fn from(params: RegistryParams) -> Self {
        Self {
            veto_window_slots: Some(params.veto_window_slots),
            resolution_delay_slots: Some(params.resolution_delay_slots),
            max_vault_slash_bps_per_epoch: Some(params.max_vault_slash_bps_per_epoch),
            max_commission_bps: Some(params.max_commission_bps),
        }
    }
}

impl AnnounceRegistryParamsArgs {
    /// These over `latest` (the parameters announced last).
    pub fn over(&self, latest: RegistryParams) -> RegistryParams {
        RegistryParams {
            veto_window_slots: self.veto_window_slots.unwrap_or(latest.veto_window_slots),
            resolution_delay_slots: self
                .resolution_delay_slots
                .unwrap_or(latest.resolution_delay_slots),
            max_vault_slash_bps_per_epoch: self
                .max_vault_slash_bps_per_epoch
                .unwrap_or(latest.max_vault_slash_bps_per_epoch),
            max_commission_bps: self.max_commission_bps.unwrap_or(latest.max_commission_bps),
        }
    }
}

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
    fn validate(&self, args: &AnnounceRegistryParamsArgs) -> Result<()> {
        args.over(self.registry_config.next_params)
            .validate(self.vault_config.epoch_length)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: AnnounceRegistryParamsArgs) -> Result<()> {
        let cur = ctx.accounts.vault_config.current_epoch()?;
        let config = &mut ctx.accounts.registry_config;
        let params = args.over(config.next_params);
        config.announce_params(params, cur)?;
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

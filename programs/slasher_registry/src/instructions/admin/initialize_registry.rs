//! Create the registry configuration once.
//!
//! Must hold:
//! - when the program is deployed through the upgradeable loader, only its upgrade
//!   authority may initialise (no front-running the deployer); as a native builtin
//!   (tests, local network) there is no program data and the first caller initialises;
//! - the parameters meet `RegistryParams::validate` (the same bounds as every
//!   announcement), against the epoch length of the vault program's Config (read from its
//!   `["config"]` PDA):
//!   - `0 < veto_window_slots < epoch_length`, so every request can be executed before
//!     its window closes;
//!   - `resolution_delay_slots <= epoch_length`: a slash stays cancellable for at most one
//!     epoch, so a cancel only ever has to raise the buckets of epochs c+1 to c+3 (see
//!     `lrt_vault::instructions::CancelEscrow`);
//!   - `0 < max_vault_slash_bps_per_epoch <= 10_000`; `max_commission_bps <= 10_000`;
//! - they are in force at once (`next_params = params`, effective epoch 0): nothing is
//!   committed yet; every later change is announced (`announce_registry_params`);
//! - the config is created even if someone pre-funded its address (see `pda_accounts`).
use anchor_lang::{prelude::*, solana_program::bpf_loader_upgradeable};
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::*,
    errors::RegistryError,
    events::RegistryInitialized,
    pda_accounts::{create_pda_account, store},
    state::{RegistryConfig, RegistryParams},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeRegistryArgs {
    pub veto_authority: Pubkey,
    pub veto_window_slots: u64,
    pub resolution_delay_slots: u64,
    pub max_vault_slash_bps_per_epoch: u16,
    /// Largest commission an operator may register or announce, in bps.
    pub max_commission_bps: u16,
}

impl InitializeRegistryArgs {
    /// The parameters these arguments set.
    pub fn params(&self) -> RegistryParams {
        RegistryParams {
            veto_window_slots: self.veto_window_slots,
            resolution_delay_slots: self.resolution_delay_slots,
            max_vault_slash_bps_per_epoch: self.max_vault_slash_bps_per_epoch,
            max_commission_bps: self.max_commission_bps,
        }
    }
}

#[event_cpi]
#[derive(Accounts)]
pub struct InitializeRegistry<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    /// CHECK: the new config (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [REGISTRY_CONFIG_SEED], bump)]
    pub registry_config: UncheckedAccount<'info>,
    /// The vault program's Config: its epoch length bounds the veto window.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    /// Required when the program is owned by the upgradeable loader. (`program`, this
    /// program's own account, is added by `#[event_cpi]`; its owner tells the loader.)
    pub program_data: Option<Account<'info, ProgramData>>,
    pub system_program: Program<'info, System>,
}

impl InitializeRegistry<'_> {
    fn validate(&self, args: &InitializeRegistryArgs) -> Result<()> {
        if *self.program.owner == bpf_loader_upgradeable::ID {
            let program_data = self
                .program_data
                .as_ref()
                .ok_or_else(|| error!(RegistryError::WrongProgramData))?;
            let (expected, _) =
                Pubkey::find_program_address(&[crate::ID.as_ref()], &bpf_loader_upgradeable::ID);
            require_keys_eq!(
                program_data.key(),
                expected,
                RegistryError::WrongProgramData
            );
            require!(
                program_data.upgrade_authority_address == Some(self.admin.key()),
                RegistryError::NotUpgradeAuthority
            );
        }
        args.params().validate(self.vault_config.epoch_length)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: InitializeRegistryArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let info = accounts.registry_config.to_account_info();
        create_pda_account(
            &accounts.admin.to_account_info(),
            &info,
            &accounts.system_program.to_account_info(),
            8 + RegistryConfig::INIT_SPACE,
            &[REGISTRY_CONFIG_SEED, &[ctx.bumps.registry_config]],
        )?;
        let params = args.params();
        let config = RegistryConfig {
            admin: accounts.admin.key(),
            pending_admin: None,
            veto_authority: args.veto_authority,
            params,
            next_params: params,
            params_effective_epoch: 0,
            vault_program: lrt_vault::ID,
            bump: ctx.bumps.registry_config,
            reserved: [0; 64],
        };
        store(&info, &config)?;
        emit_cpi!(RegistryInitialized {
            admin: config.admin,
            veto_authority: config.veto_authority,
            veto_window_slots: params.veto_window_slots,
            resolution_delay_slots: params.resolution_delay_slots,
            max_vault_slash_bps_per_epoch: params.max_vault_slash_bps_per_epoch,
            vault_program: config.vault_program,
            epoch_length: accounts.vault_config.epoch_length,
            max_commission_bps: params.max_commission_bps,
        });
        Ok(())
    }
}

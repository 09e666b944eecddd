//! Create the protocol Config once.
//!
//! Must hold:
//! - when the program is deployed through the upgradeable loader, only its upgrade
//!   authority may initialise (no front-running the deployer); as a native builtin
//!   (tests, local network) there is no program data and the first caller initialises;
//! - `epoch_length > 0`; fee caps <= `MAX_FEE_CAP_BPS`.
use anchor_lang::{prelude::*, solana_program::bpf_loader_upgradeable};

use crate::{constants::*, errors::VaultError, events::ConfigInitialized, state::Config};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeConfigArgs {
    pub pauser: Pubkey,
    pub treasury: Pubkey,
    pub registry_program: Pubkey,
    pub epoch_length: u64,
    pub max_deposit_fee_bps: u16,
    pub max_withdrawal_fee_bps: u16,
}

#[event_cpi]
#[derive(Accounts)]
pub struct InitializeConfig<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(init, payer = admin, space = 8 + Config::INIT_SPACE, seeds = [CONFIG_SEED], bump)]
    pub config: Box<Account<'info, Config>>,
    /// Required when the program is owned by the upgradeable loader. (`program`, this
    /// program's own account, is added by `#[event_cpi]`; its owner tells the loader.)
    pub program_data: Option<Account<'info, ProgramData>>,
    pub system_program: Program<'info, System>,
}

impl InitializeConfig<'_> {
    fn validate(&self, args: &InitializeConfigArgs) -> Result<()> {
        if *self.program.owner == bpf_loader_upgradeable::ID {
            let program_data = self
                .program_data
                .as_ref()
                .ok_or_else(|| error!(VaultError::WrongProgramData))?;
            let (expected, _) =
                Pubkey::find_program_address(&[crate::ID.as_ref()], &bpf_loader_upgradeable::ID);
            require_keys_eq!(program_data.key(), expected, VaultError::WrongProgramData);
            require!(
                program_data.upgrade_authority_address == Some(self.admin.key()),
                VaultError::NotUpgradeAuthority
            );
        }
        require_gt!(args.epoch_length, 0, VaultError::InvalidEpochLength);
        require!(
            args.max_deposit_fee_bps <= MAX_FEE_CAP_BPS
                && args.max_withdrawal_fee_bps <= MAX_FEE_CAP_BPS,
            VaultError::FeeCapTooHigh
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: InitializeConfigArgs) -> Result<()> {
        let config = &mut ctx.accounts.config;
        config.set_inner(Config {
            admin: ctx.accounts.admin.key(),
            pending_admin: None,
            pauser: args.pauser,
            treasury: args.treasury,
            pending_treasury: None,
            registry_program: args.registry_program,
            epoch_length: args.epoch_length,
            max_deposit_fee_bps: args.max_deposit_fee_bps,
            max_withdrawal_fee_bps: args.max_withdrawal_fee_bps,
            paused: false,
            bump: ctx.bumps.config,
            reserved: [0; 64],
        });
        let event = ConfigInitialized {
            admin: config.admin,
            pauser: config.pauser,
            treasury: config.treasury,
            registry_program: config.registry_program,
            epoch_length: config.epoch_length,
            max_deposit_fee_bps: config.max_deposit_fee_bps,
            max_withdrawal_fee_bps: config.max_withdrawal_fee_bps,
        };
        emit_cpi!(event);
        Ok(())
    }
}

//! The registry admin installs the first guardian set and the cross-chain settings.
//!
//! Must hold:
//! - only the registry admin; once (the settings account is created here);
//! - 1..=19 distinct non-zero keys; positive expiration period and maximum message age;
//! - the set is current (`expiration_time == 0`) and the settings name it.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::GuardianSetInstalled,
    pda_accounts::{create_pda_account, store},
    state::{GuardianSetAccount, RegistryConfig, XchainConfig},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct SetGuardianSetArgs {
    /// Wormhole's index of the set (mainnet: 4 in 2025).
    pub index: u32,
    pub keys: Vec<[u8; 20]>,
    /// Seconds a replaced set still verifies (86,400 on Wormhole).
    pub guardian_set_expiration: u32,
    /// Seconds a message may be older (or newer) than the clock.
    pub max_message_age: u32,
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(args: SetGuardianSetArgs)]
pub struct SetGuardianSet<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = admin @ RegistryError::NotAdmin)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// CHECK: created in the handler (address fixed by the seeds).
    #[account(mut, seeds = [XCHAIN_CONFIG_SEED], bump)]
    pub xchain_config: UncheckedAccount<'info>,
    /// CHECK: created in the handler (address fixed by the seeds).
    #[account(mut, seeds = [GUARDIAN_SET_SEED, &args.index.to_le_bytes()], bump)]
    pub guardian_set: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl SetGuardianSet<'_> {
    fn validate(&self, args: &SetGuardianSetArgs) -> Result<()> {
        GuardianSetAccount::validate_keys(&args.keys)?;
        XchainConfig::validate_params(args.guardian_set_expiration, args.max_message_age)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: SetGuardianSetArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let admin = accounts.admin.to_account_info();
        let system = accounts.system_program.to_account_info();
        let config_info = accounts.xchain_config.to_account_info();
        create_pda_account(
            &admin,
            &config_info,
            &system,
            8 + XchainConfig::INIT_SPACE,
            &[XCHAIN_CONFIG_SEED, &[ctx.bumps.xchain_config]],
        )?;
        store(
            &config_info,
            &XchainConfig {
                current_guardian_set: args.index,
                guardian_set_expiration: args.guardian_set_expiration,
                max_message_age: args.max_message_age,
                next_sequence: 0,
                bump: ctx.bumps.xchain_config,
            },
        )?;
        let set_info = accounts.guardian_set.to_account_info();
        create_pda_account(
            &admin,
            &set_info,
            &system,
            8 + GuardianSetAccount::INIT_SPACE,
            &[
                GUARDIAN_SET_SEED,
                &args.index.to_le_bytes(),
                &[ctx.bumps.guardian_set],
            ],
        )?;
        let now = Clock::get()?.unix_timestamp;
        store(
            &set_info,
            &GuardianSetAccount {
                index: args.index,
                keys: args.keys.clone(),
                creation_time: u32::try_from(now).unwrap_or(u32::MAX),
                expiration_time: 0,
                bump: ctx.bumps.guardian_set,
            },
        )?;
        emit_cpi!(GuardianSetInstalled {
            index: args.index,
            keys: args.keys,
            previous: None,
            previous_expiration_time: 0,
        });
        Ok(())
    }
}

//! The registry admin replaces the current guardian set by the next one.
//!
//! Must hold:
//! - only the registry admin; the set given is the current one (`NotCurrentGuardianSet`);
//! - 1..=19 distinct non-zero keys; the new set is `current + 1` and becomes current;
//! - the old set keeps verifying VAAs until `now + guardian_set_expiration` inclusive
//!   (Wormhole's grace period), then never again.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::RegistryError,
    events::GuardianSetInstalled,
    pda_accounts::{create_pda_account, store},
    state::{GuardianSetAccount, RegistryConfig, XchainConfig},
};

#[event_cpi]
#[derive(Accounts)]
pub struct RotateGuardianSet<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = admin @ RegistryError::NotAdmin)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, seeds = [XCHAIN_CONFIG_SEED], bump = xchain_config.bump)]
    pub xchain_config: Box<Account<'info, XchainConfig>>,
    #[account(mut, seeds = [GUARDIAN_SET_SEED, &current_guardian_set.index.to_le_bytes()],
              bump = current_guardian_set.bump)]
    pub current_guardian_set: Box<Account<'info, GuardianSetAccount>>,
    /// CHECK: created in the handler (address fixed by the seeds).
    #[account(mut, seeds = [GUARDIAN_SET_SEED,
                            &current_guardian_set.index.wrapping_add(1).to_le_bytes()], bump)]
    pub new_guardian_set: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl RotateGuardianSet<'_> {
    fn validate(&self, keys: &[[u8; 20]]) -> Result<()> {
        require_eq!(
            self.current_guardian_set.index,
            self.xchain_config.current_guardian_set,
            RegistryError::NotCurrentGuardianSet
        );
        GuardianSetAccount::validate_keys(keys)
    }

    #[access_control(ctx.accounts.validate(&keys))]
    pub fn handle(mut ctx: Context<Self>, keys: Vec<[u8; 20]>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let old = accounts.current_guardian_set.index;
        let index = old
            .checked_add(1)
            .ok_or_else(|| error!(RegistryError::MathOverflow))?;
        let expiration = now
            .checked_add(i64::from(accounts.xchain_config.guardian_set_expiration))
            .and_then(|t| u32::try_from(t).ok())
            .ok_or_else(|| error!(RegistryError::MathOverflow))?;
        let info = accounts.new_guardian_set.to_account_info();
        create_pda_account(
            &accounts.admin.to_account_info(),
            &info,
            &accounts.system_program.to_account_info(),
            8 + GuardianSetAccount::INIT_SPACE,
            &[
                GUARDIAN_SET_SEED,
                &index.to_le_bytes(),
                &[ctx.bumps.new_guardian_set],
            ],
        )?;
        store(
            &info,
            &GuardianSetAccount {
                index,
                keys: keys.clone(),
                creation_time: u32::try_from(now).unwrap_or(u32::MAX),
                expiration_time: 0,
                bump: ctx.bumps.new_guardian_set,
            },
        )?;
        accounts.current_guardian_set.expiration_time = expiration;
        accounts.xchain_config.current_guardian_set = index;
        emit_cpi!(GuardianSetInstalled {
            index,
            keys,
            previous: Some(old),
            previous_expiration_time: expiration,
        });
        Ok(())
    }
}

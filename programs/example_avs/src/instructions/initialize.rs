//! Create this AVS's configuration once, naming the registry AVS it acts as.
//!
//! Must hold:
//! - the registry admin registered the AVS first (`slasher_registry::register_avs`), with
//!   `kind = Local { slash_authority: PDA ["config"] of this program }` in force now
//!   (`Avs::kind_at`: a kind announced later counts only from its effective epoch): the
//!   account is a real registry `Avs` (owner, discriminator, seeds) and names that PDA;
//! - only that registry AVS's admin may initialise, and becomes this config's admin (the
//!   registry admin chose them, so nobody can front-run the deployment with another AVS);
//! - `0 < slash_wad <= 1e18`;
//! - the config is created even if someone pre-funded its address (see `pda_accounts`).
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED as VAULT_CONFIG_SEED, state::Config as VaultConfig};
use slasher_registry::{
    constants::AVS_SEED,
    state::{Avs, AvsKind},
};

use crate::{
    constants::*,
    errors::AvsError,
    events::AvsInitialized,
    pda_accounts::{create_pda_account, store},
    state::AvsConfig,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct InitializeArgs {
    /// Fraction (WAD, 1e18 = 100%) of an operator's stake to request per equivocation.
    pub slash_wad: u128,
}

#[event_cpi]
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// The registry AVS's admin; pays the config's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// CHECK: the new config (address fixed by the seeds), created in the handler; the
    /// registry AVS must name it as its slash authority.
    #[account(mut, seeds = [CONFIG_SEED], bump)]
    pub config: UncheckedAccount<'info>,
    /// The registry's `Avs` account this program will act as.
    #[account(seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump,
              seeds::program = slasher_registry::ID)]
    pub avs: Box<Account<'info, Avs>>,
    /// The vault program's Config: the restaking epoch (which kind of the AVS is in force).
    #[account(seeds = [VAULT_CONFIG_SEED], bump = vault_config.bump,
              seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    pub system_program: Program<'info, System>,
}

impl Initialize<'_> {
    fn validate(&self, args: &InitializeArgs) -> Result<()> {
        require_keys_eq!(self.admin.key(), self.avs.admin, AvsError::NotAvsAdmin);
        require!(
            self.avs.kind_at(self.vault_config.current_epoch()?)
                == AvsKind::Local {
                    slash_authority: self.config.key()
                },
            AvsError::NotOurSlashAuthority
        );
        require!(
            args.slash_wad > 0 && args.slash_wad <= WAD,
            AvsError::InvalidSlashWad
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: InitializeArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let info = accounts.config.to_account_info();
        create_pda_account(
            &accounts.admin.to_account_info(),
            &info,
            &accounts.system_program.to_account_info(),
            8 + AvsConfig::INIT_SPACE,
            &[CONFIG_SEED, &[ctx.bumps.config]],
        )?;
        let config = AvsConfig {
            admin: accounts.admin.key(),
            avs: accounts.avs.key(),
            avs_id: accounts.avs.id,
            slash_wad: args.slash_wad,
            equivocations: 0,
            reward_payments: 0,
            bump: ctx.bumps.config,
            reserved: [0; 57],
        };
        store(&info, &config)?;
        emit_cpi!(AvsInitialized {
            config: info.key(),
            admin: config.admin,
            avs: config.avs,
            avs_id: config.avs_id,
            slash_authority: info.key(),
            slash_wad: config.slash_wad,
        });
        Ok(())
    }
}

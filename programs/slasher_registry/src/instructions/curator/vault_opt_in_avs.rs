//! A vault's curator opts the vault in to an AVS, with a per-epoch cap: the vault's
//! delegations become slashable by the AVS from the next restaking epoch.
//!
//! Must hold:
//! - the vault is a real `lrt_vault` Vault (owner, discriminator and PDA checked) and the
//!   signer is its curator; the AVS is active; `0 < cap_bps <= 10_000`;
//! - first opt-in: `["vault_avs", vault, avs]` is created (even at a pre-funded address)
//!   with `activation_epoch = cur`;
//! - opting in again after an opt-out: only once `cur > deactivation_epoch + 2` (see
//!   `state::opt_in`); the window restarts at `cur` with the new cap, and the slash
//!   ledger of earlier epochs is kept.
use anchor_lang::prelude::*;
use lrt_vault::{
    constants::{CONFIG_SEED, VAULT_SEED},
    state::{Config as VaultConfig, Vault},
};

use crate::{
    constants::*,
    errors::RegistryError,
    events::VaultOptedIn,
    pda_accounts::{create_pda_account, exists, load, store},
    state::{Avs, EpochSlashed, OptInWindow, VaultAvs},
};

#[event_cpi]
#[derive(Accounts)]
pub struct VaultOptInAvs<'info> {
    /// The vault's curator; pays the opt-in's rent.
    #[account(mut)]
    pub curator: Signer<'info>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              seeds::program = lrt_vault::ID,
              constraint = vault.curator == curator.key() @ RegistryError::NotCurator)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
    /// CHECK: the opt-in (address fixed by the seeds), created or loaded in the handler.
    #[account(mut, seeds = [VAULT_AVS_SEED, vault.key().as_ref(), avs.key().as_ref()], bump)]
    pub vault_avs: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl VaultOptInAvs<'_> {
    fn validate(&self, cap_bps: u16) -> Result<()> {
        require!(self.avs.active, RegistryError::AvsInactive);
        require!((1..=MAX_BPS).contains(&cap_bps), RegistryError::InvalidCap);
        Ok(())
    }

    #[access_control(ctx.accounts.validate(cap_bps))]
    pub fn handle(ctx: Context<Self>, cap_bps: u16) -> Result<()> {
        let accounts = &ctx.accounts;
        let cur = accounts.vault_config.current_epoch()?;
        let vault_key = accounts.vault.key();
        let avs_key = accounts.avs.key();
        let info = accounts.vault_avs.to_account_info();
        let opt_in = if exists(&info) {
            let mut opt_in = load::<VaultAvs>(&info)?;
            opt_in.window.opt_in_again(cur)?;
            opt_in.cap_bps = cap_bps;
            opt_in
        } else {
            create_pda_account(
                &accounts.curator.to_account_info(),
                &info,
                &accounts.system_program.to_account_info(),
                8 + VaultAvs::INIT_SPACE,
                &[
                    VAULT_AVS_SEED,
                    vault_key.as_ref(),
                    avs_key.as_ref(),
                    &[ctx.bumps.vault_avs],
                ],
            )?;
            VaultAvs {
                vault: vault_key,
                avs: avs_key,
                cap_bps,
                window: OptInWindow::opted_in_at(cur),
                slashed: [EpochSlashed::default(); 2],
                bump: ctx.bumps.vault_avs,
            }
        };
        store(&info, &opt_in)?;
        emit_cpi!(VaultOptedIn {
            vault: vault_key,
            avs: avs_key,
            vault_avs: info.key(),
            curator: accounts.curator.key(),
            cap_bps,
            activation_epoch: opt_in.window.activation_epoch,
        });
        Ok(())
    }
}

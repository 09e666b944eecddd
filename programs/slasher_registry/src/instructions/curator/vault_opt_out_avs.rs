//! A vault's curator opts the vault out of an AVS: its delegations stay slashable by the
//! AVS until the end of the next restaking epoch.
//!
//! Must hold: the vault is a real `lrt_vault` Vault and the signer its curator; the vault
//! is opted in (the AVS's state does not matter: leaving is always possible);
//! `deactivation_epoch = cur`.
use anchor_lang::prelude::*;
use lrt_vault::{
    constants::{CONFIG_SEED, VAULT_SEED},
    state::{Config as VaultConfig, Vault},
};

use crate::{
    constants::*,
    errors::RegistryError,
    events::VaultOptedOut,
    state::{Avs, VaultAvs},
};

#[event_cpi]
#[derive(Accounts)]
pub struct VaultOptOutAvs<'info> {
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
    #[account(mut, seeds = [VAULT_AVS_SEED, vault.key().as_ref(), avs.key().as_ref()],
              bump = vault_avs.bump)]
    pub vault_avs: Box<Account<'info, VaultAvs>>,
}

impl VaultOptOutAvs<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let cur = ctx.accounts.vault_config.current_epoch()?;
        let opt_in = &mut ctx.accounts.vault_avs;
        opt_in.window.opt_out(cur)?;
        let event = VaultOptedOut {
            vault: opt_in.vault,
            avs: opt_in.avs,
            vault_avs: opt_in.key(),
            curator: ctx.accounts.curator.key(),
            activation_epoch: opt_in.window.activation_epoch,
            deactivation_epoch: opt_in.window.deactivation_epoch,
        };
        emit_cpi!(event);
        Ok(())
    }
}

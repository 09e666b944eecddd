//! The payer of a stake attestation closes it once relayers have had their time, and
//! gets its rent back.
//!
//! Must hold: only the attestation's payer (`NotAttestationPayer`), who signs; only from
//! restaking epoch `epoch + ATTESTATION_RETENTION_EPOCHS` on, `epoch` being the one it
//! attests (`AttestationRetained`): every relayer has at least one full epoch to read
//! it, and by then the stake it reports is two epochs old (an AVS wants a fresh one);
//! the rent goes to the payer; nothing else changes (its sequence is never reused:
//! `XchainConfig.next_sequence` only grows).
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{constants::*, errors::RegistryError, state::Attestation};

#[derive(Accounts)]
pub struct CloseAttestation<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(mut, seeds = [ATTESTATION_SEED, &attestation.sequence.to_le_bytes()],
              bump = attestation.bump, has_one = payer @ RegistryError::NotAttestationPayer,
              close = payer)]
    pub attestation: Box<Account<'info, Attestation>>,
}

impl CloseAttestation<'_> {
    fn validate(&self) -> Result<()> {
        self.attestation
            .check_closable(self.vault_config.current_epoch()?)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        // `close = payer` returns the rent when the instruction exits
        let _ = ctx;
        Ok(())
    }
}

//! How the registry values a vault's stake with an operator: with the vault program's own
//! code only (`Vault::accrue_vesting`, `Vault::slashable_value_wad`,
//! `Vault::allocated_stake`), never restated here. One reading for every instruction that
//! needs it (`execute_slash`, `publish_stake_attestation`), as the CLI's `VaultValue`.
//!
//! Must hold: the cached prices were read in the current Solana epoch (the vault's own
//! `require_fresh_prices`: `StalePrice`); the vault is valued on a copy credited with its
//! vesting at the clock's slot (the vault credits it itself when it next writes); the
//! buckets are those of epochs `c + 1` and `c + 2` for a capture at `c` (the caller fixes
//! their addresses), counted where they exist.
use anchor_lang::prelude::*;
use lrt_vault::state::{Config as VaultConfig, Vault, WithdrawalBucket};

/// A vault as a slash captured at some epoch sees it now.
pub struct ValuedVault {
    pub vault: Vault,
    pub buckets: [Option<WithdrawalBucket>; 2],
}

impl ValuedVault {
    /// Values `vault` at `clock` with the withdrawal buckets `bucket_next` (`c + 1`) and
    /// `bucket_after` (`c + 2`).
    pub fn read(
        vault: &Vault,
        config: &VaultConfig,
        bucket_next: &AccountInfo,
        bucket_after: &AccountInfo,
        clock: &Clock,
    ) -> Result<Self> {
        let mut vault = vault.clone();
        vault.require_fresh_prices(clock.epoch)?;
        vault.accrue_vesting(clock.slot, config.epoch_length)?;
        let buckets = [
            WithdrawalBucket::load_if_present(bucket_next)?,
            WithdrawalBucket::load_if_present(bucket_after)?,
        ];
        Ok(Self { vault, buckets })
    }

    /// The stake `allocation_wad` puts behind an operator, in lamports (rounded down).
    pub fn stake(&self, allocation_wad: u64) -> Result<u64> {
        self.vault.allocated_stake(allocation_wad, &self.buckets)
    }

    /// The active pool plus the buckets, in WAD-lamports.
    pub fn slashable_value_wad(&self) -> Result<u128> {
        self.vault.slashable_value_wad(&self.buckets)
    }
}

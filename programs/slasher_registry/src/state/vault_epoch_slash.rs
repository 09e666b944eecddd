//! The registry's ledgers of one capture epoch, each created by the first slash it
//! concerns and loaded after:
//! - [`VaultCapture`] (vault, epoch): the vault's slashable value before any slash of that
//!   epoch, whichever operator it hit;
//! - [`VaultEpochSlash`] (vault, operator, epoch): the operator's stake at capture, its
//!   allocation at the epoch times that value (the base every cap and every request
//!   fraction of the epoch is measured against), and what every AVS together slashed,
//!   held under `max_vault_slash_bps_per_epoch`;
//! - [`VaultAvsEpochSlash`]: what one AVS slashed, held under the curator's `cap_bps`.
//!
//! Must hold: `slashed_lamports <= stake_at_capture_lamports` (each ledger), and the
//! per-AVS ledgers of a triple sum to its `VaultEpochSlash.slashed_lamports`. Every
//! operator's base is measured on the same value, so a slash of one operator never
//! shrinks the base of another one's later first slash: whoever executes, in whatever
//! order, the holders lose the same.
use anchor_lang::prelude::*;

use crate::errors::math;

#[account]
#[derive(InitSpace, Debug)]
pub struct VaultCapture {
    /// The `lrt_vault` `Vault` account.
    pub vault: Pubkey,
    pub capture_epoch: u64,
    /// The vault's slashable value (the active pool and the buckets of epochs c+1 and
    /// c+2, WAD-lamports at the prices then) when the first slash of the epoch reached it,
    /// before it took anything.
    pub slashable_value_wad: u128,
    pub bump: u8,
}

impl VaultCapture {
    /// The value operators' stakes at `capture` are measured on: the one recorded by the
    /// epoch's first slash of the vault, or `now_wad` for that first slash.
    pub fn base_value_wad(recorded: Option<&Self>, now_wad: u128) -> u128 {
        recorded.map_or(now_wad, |r| r.slashable_value_wad)
    }
}

impl VaultEpochSlash {
    /// The operator's stake at capture: the ledger's once its first slash recorded it,
    /// else its allocation at the epoch times the epoch's base value (rounded down).
    pub fn stake_at_capture(
        ledger: Option<&Self>,
        allocation_wad: u64,
        base_value_wad: u128,
    ) -> Result<u64> {
        match ledger {
            Some(ledger) => Ok(ledger.stake_at_capture_lamports),
            None => math(restaking_math::allocated_stake_floor(
                base_value_wad,
                allocation_wad,
            )),
        }
    }
}

#[account]
#[derive(InitSpace, Debug)]
pub struct VaultEpochSlash {
    /// The `lrt_vault` `Vault` account.
    pub vault: Pubkey,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    pub capture_epoch: u64,
    /// The operator's stake at capture, fixed by the first slash of the triple
    /// ([`VaultEpochSlash::stake_at_capture`]).
    pub stake_at_capture_lamports: u64,
    /// Lamports slashed from (vault, operator) for `capture_epoch`, across AVSs.
    pub slashed_lamports: u64,
    /// Executions counted here.
    pub executions: u32,
    pub bump: u8,
}

#[account]
#[derive(InitSpace, Debug)]
pub struct VaultAvsEpochSlash {
    /// The registry's `VaultAvs` account (vault, AVS).
    pub vault_avs: Pubkey,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    pub capture_epoch: u64,
    /// Lamports this AVS slashed from (vault, operator) for `capture_epoch`.
    pub slashed_lamports: u64,
    /// Executions counted here.
    pub executions: u32,
    pub bump: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let capture = VaultCapture {
            vault: Pubkey::default(),
            capture_epoch: 0,
            slashable_value_wad: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&capture),
            8 + VaultCapture::INIT_SPACE
        );
        let ledger = VaultEpochSlash {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            capture_epoch: 0,
            stake_at_capture_lamports: 0,
            slashed_lamports: 0,
            executions: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&ledger),
            8 + VaultEpochSlash::INIT_SPACE
        );
        let avs_ledger = VaultAvsEpochSlash {
            vault_avs: Pubkey::default(),
            operator: Pubkey::default(),
            capture_epoch: 0,
            slashed_lamports: 0,
            executions: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&avs_ledger),
            8 + VaultAvsEpochSlash::INIT_SPACE
        );
    }
}

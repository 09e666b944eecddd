//! The registry's ledgers of one (vault, operator, capture epoch), created by the first
//! slash of that triple and loaded after:
//! - [`VaultEpochSlash`]: the operator's stake at capture before any slash of that epoch
//!   (the base every cap and every request fraction of the epoch is measured against)
//!   and what every AVS together slashed, held under `max_vault_slash_bps_per_epoch`;
//! - [`VaultAvsEpochSlash`]: what one AVS slashed, held under the curator's `cap_bps`.
//!
//! Must hold: `slashed_lamports <= stake_at_capture_lamports` (each ledger), and the
//! per-AVS ledgers of a triple sum to its `VaultEpochSlash.slashed_lamports`.
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct VaultEpochSlash {
    /// The `lrt_vault` `Vault` account.
    pub vault: Pubkey,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    pub capture_epoch: u64,
    /// The delegation's `stake_at(capture_epoch)` read by the first slash of the triple,
    /// before it took anything: the operator's stake at capture.
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

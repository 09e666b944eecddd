//! The registry-wide ledger of one vault and one capture epoch: what every AVS together
//! slashed from the vault for that epoch, held under `max_vault_slash_bps_per_epoch`.
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct VaultEpochSlash {
    /// The `lrt_vault` `Vault` account.
    pub vault: Pubkey,
    pub capture_epoch: u64,
    /// Lamports slashed from the vault for `capture_epoch`, across AVSs and operators.
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
            capture_epoch: 0,
            slashed_lamports: 0,
            executions: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&ledger),
            8 + VaultEpochSlash::INIT_SPACE
        );
    }
}

//! The record that a slash request was applied to one vault. Its existence is what makes a
//! request apply at most once per vault (DESIGN section 7, invariant 6).
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct SlashExecution {
    /// The registry's `SlashRequest` account.
    pub request: Pubkey,
    /// The `lrt_vault` `Vault` account slashed.
    pub vault: Pubkey,
    pub avs: Pubkey,
    pub operator: Pubkey,
    pub capture_epoch: u64,
    /// The operator's stake at the capture epoch before any slash of that epoch, lamports
    /// (`VaultEpochSlash.stake_at_capture_lamports`).
    pub stake_lamports: u64,
    /// `ceil(min(wad, max_slash_wad) * stake / 1e18)`, before the caps.
    pub requested_loss_lamports: u64,
    /// The loss after the caps, sent to `lrt_vault::apply_slash`.
    pub loss_lamports: u64,
    /// Who executed (and paid the rent).
    pub executor: Pubkey,
    pub executed_slot: u64,
    /// First slot at which the vault's escrow for this slash may be swept.
    pub resolve_after_slot: u64,
    /// Cancelled by the registry admin during the resolution delay.
    pub cancelled: bool,
    pub bump: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let execution = SlashExecution {
            request: Pubkey::default(),
            vault: Pubkey::default(),
            avs: Pubkey::default(),
            operator: Pubkey::default(),
            capture_epoch: 0,
            stake_lamports: 0,
            requested_loss_lamports: 0,
            loss_lamports: 0,
            executor: Pubkey::default(),
            executed_slot: 0,
            resolve_after_slot: 0,
            cancelled: false,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&execution),
            8 + SlashExecution::INIT_SPACE
        );
    }
}

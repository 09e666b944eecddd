//! The registry's configuration: roles, the veto window and the registry-wide cap.
//!
//! Must hold: `0 < veto_window_slots < epoch_length` of the vault program's Config (so a
//! request captured at epoch c can always be executed by the end of c + 1);
//! `0 < max_vault_slash_bps_per_epoch <= 10_000`; `vault_program == lrt_vault::ID`.
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct RegistryConfig {
    /// Registers AVSs, names the veto authority; moves only through `transfer_admin` +
    /// `accept_admin`.
    pub admin: Pubkey,
    /// Proposed admin waiting to accept; `None` when no transfer is under way.
    pub pending_admin: Option<Pubkey>,
    /// May veto a slash request until its deadline.
    pub veto_authority: Pubkey,
    /// Slots between a request and its veto deadline.
    pub veto_window_slots: u64,
    /// Slots between an execution and the moment its escrow may be swept.
    pub resolution_delay_slots: u64,
    /// Most a vault may lose per capture epoch across every AVS, in bps of the slashed
    /// delegation's stake at the capture epoch.
    pub max_vault_slash_bps_per_epoch: u16,
    /// The vault program whose `Config` gives the restaking epoch and which applies slashes.
    pub vault_program: Pubkey,
    pub bump: u8,
    pub reserved: [u8; 64],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let config = RegistryConfig {
            admin: Pubkey::default(),
            pending_admin: Some(Pubkey::default()),
            veto_authority: Pubkey::default(),
            veto_window_slots: 0,
            resolution_delay_slots: 0,
            max_vault_slash_bps_per_epoch: 0,
            vault_program: Pubkey::default(),
            bump: 0,
            reserved: [0; 64],
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&config),
            8 + RegistryConfig::INIT_SPACE
        );
    }
}

//! An operator: the key that manages it, its commission and the ed25519 key AVSs verify
//! its attestations with.
//!
//! Must hold: `commission_bps <= 10_000`; `signing_key` is not all zeros;
//! `metadata_uri` is at most 200 bytes (the account is sized for the longest).
use anchor_lang::prelude::*;

use crate::constants::MAX_METADATA_URI_LEN;

#[account]
#[derive(InitSpace, Debug)]
pub struct Operator {
    /// Signs updates and opt-ins; the PDA is `["operator", authority]`.
    pub authority: Pubkey,
    /// The operator's cut of rewards, in bps.
    pub commission_bps: u16,
    /// Ed25519 public key the operator signs attestations with.
    pub signing_key: [u8; 32],
    #[max_len(MAX_METADATA_URI_LEN)]
    pub metadata_uri: String,
    /// Slot of the registration.
    pub registered_slot: u64,
    pub bump: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let operator = Operator {
            authority: Pubkey::default(),
            commission_bps: 0,
            signing_key: [0; 32],
            metadata_uri: "x".repeat(MAX_METADATA_URI_LEN),
            registered_slot: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&operator),
            8 + Operator::INIT_SPACE
        );
    }
}

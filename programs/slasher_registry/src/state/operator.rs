//! An operator: the key that manages it, its commission and the ed25519 key AVSs verify
//! its attestations with.
//!
//! Must hold: `commission_bps <= 10_000`; `signing_key` is not all zeros;
//! `metadata_uri` is at most 200 bytes (the account is sized for the longest).
//! `authority` (bytes 8..40) and `commission_bps` (40..42) stay where they are: the vault
//! program reads them at those offsets (`lrt_vault::constants::REGISTRY_OPERATOR_DISCRIMINATOR`).
//!
//! # Key rotation (the rule AVSs verify signatures by)
//! A signature carries no time, so an AVS cannot tell when the operator made it. Were
//! only the current key accepted, an operator that equivocated could rotate its key
//! before the report lands and make its own signatures worthless. So a rotation during
//! restaking epoch `r` keeps the old key as `previous_signing_key`, with
//! `key_rotated_epoch = r`, and an AVS accepts a proof signed with it from a report made
//! while `cur <= r + 1` ([`Operator::accepts_signing_key`]), exactly like an opt-out
//! during `d`, which keeps the stake slashable for captures up to `d + 1`:
//! - whatever the old key signed (at the latest during `r`) can be reported during `r` or
//!   during the whole of `r + 1`: an AVS gets a full epoch after the rotation to report;
//! - such a report captures `c = cur <= r + 1`, an epoch in which the stake the operator
//!   had while it used the old key is still in reach, and executes by the end of `c + 1`.
//!
//! A second rotation waits until the first one's window is over (`cur >= r + 2`), so one
//! previous key is all that has to be kept and no key leaves the window early by being
//! rotated out. The new key counts at once. The old key is accepted for every round
//! during the window (rounds carry no time either): an operator whose key leaked is
//! exposed through `r + 1` whatever it does, the price of not letting a guilty one escape;
//! the registry's veto authority is the answer to a framed operator.
use anchor_lang::prelude::*;

use crate::{constants::MAX_METADATA_URI_LEN, errors::RegistryError};

#[account]
#[derive(InitSpace, Debug)]
pub struct Operator {
    /// Signs updates and opt-ins; the PDA is `["operator", authority]`.
    pub authority: Pubkey,
    /// The operator's cut of rewards, in bps.
    pub commission_bps: u16,
    /// Ed25519 public key the operator signs attestations with.
    pub signing_key: [u8; 32],
    /// The key before the latest rotation; all zeros if the key never changed. AVSs
    /// accept it through `key_rotated_epoch + 1` (module docs).
    pub previous_signing_key: [u8; 32],
    /// Restaking epoch of the latest rotation (0 if none).
    pub key_rotated_epoch: u64,
    #[max_len(MAX_METADATA_URI_LEN)]
    pub metadata_uri: String,
    /// Slot of the registration.
    pub registered_slot: u64,
    pub bump: u8,
}

impl Operator {
    /// Last restaking epoch during which reports may prove with `previous_signing_key`,
    /// or `None` if the key never changed.
    pub fn previous_key_valid_through(&self) -> Option<u64> {
        (self.previous_signing_key != [0; 32]).then(|| self.key_rotated_epoch.saturating_add(1))
    }

    /// Whether a signature by `key`, reported during restaking epoch `cur`, is this
    /// operator's: the current key always, the previous one through
    /// `key_rotated_epoch + 1` (module docs).
    pub fn accepts_signing_key(&self, key: &[u8; 32], cur: u64) -> bool {
        *key == self.signing_key
            || (*key == self.previous_signing_key
                && self
                    .previous_key_valid_through()
                    .is_some_and(|last| cur <= last))
    }

    /// Sets the signing key during restaking epoch `cur`. The same key changes nothing; a
    /// new one keeps the current as `previous_signing_key`, which needs the previous
    /// rotation's window to be over (`cur > key_rotated_epoch + 1`). Returns whether the
    /// key rotated.
    pub fn set_signing_key(&mut self, key: [u8; 32], cur: u64) -> Result<bool> {
        if key == self.signing_key {
            return Ok(false);
        }
        if let Some(last) = self.previous_key_valid_through() {
            require_gt!(cur, last, RegistryError::KeyRotationPending);
        }
        self.previous_signing_key = self.signing_key;
        self.signing_key = key;
        self.key_rotated_epoch = cur;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operator(key: u8) -> Operator {
        Operator {
            authority: Pubkey::default(),
            commission_bps: 0,
            signing_key: [key; 32],
            previous_signing_key: [0; 32],
            key_rotated_epoch: 0,
            metadata_uri: String::new(),
            registered_slot: 0,
            bump: 0,
        }
    }

    #[test]
    fn declared_space_matches_serialized_size() {
        let mut operator = operator(0);
        operator.metadata_uri = "x".repeat(MAX_METADATA_URI_LEN);
        assert_eq!(
            crate::state::test_util::serialized_len(&operator),
            8 + Operator::INIT_SPACE
        );
    }

    #[test]
    fn the_vault_reads_authority_and_commission_at_fixed_offsets() {
        let mut operator = operator(3);
        operator.authority = Pubkey::new_from_array([5; 32]);
        operator.commission_bps = 0x0102;
        operator.previous_signing_key = [4; 32];
        operator.key_rotated_epoch = 9;
        let mut bytes = Vec::new();
        operator.try_serialize(&mut bytes).unwrap();
        assert_eq!(&bytes[8..40], &[5; 32]);
        assert_eq!(&bytes[40..42], &[2, 1]);
        assert_eq!(&bytes[42..74], &[3; 32]);
        assert_eq!(&bytes[74..106], &[4; 32]);
        assert_eq!(&bytes[106..114], &9u64.to_le_bytes());
    }

    #[test]
    fn a_never_rotated_operator_has_only_its_key() {
        let operator = operator(7);
        assert_eq!(operator.previous_key_valid_through(), None);
        assert!(operator.accepts_signing_key(&[7; 32], 0));
        assert!(operator.accepts_signing_key(&[7; 32], u64::MAX));
        // the empty previous key is never a key
        assert!(!operator.accepts_signing_key(&[0; 32], 0));
    }

    #[test]
    fn the_previous_key_counts_through_the_epoch_after_the_rotation() {
        let mut operator = operator(1);
        assert!(operator.set_signing_key([2; 32], 5).unwrap());
        assert_eq!(
            (
                operator.signing_key,
                operator.previous_signing_key,
                operator.key_rotated_epoch
            ),
            ([2; 32], [1; 32], 5)
        );
        assert_eq!(operator.previous_key_valid_through(), Some(6));
        for cur in [5, 6] {
            assert!(operator.accepts_signing_key(&[1; 32], cur), "cur {cur}");
        }
        assert!(!operator.accepts_signing_key(&[1; 32], 7));
        // the new key counts at once and forever
        for cur in [5, 6, 7, u64::MAX] {
            assert!(operator.accepts_signing_key(&[2; 32], cur));
        }
        assert!(!operator.accepts_signing_key(&[3; 32], 5));
    }

    #[test]
    fn a_second_rotation_waits_until_the_previous_key_no_longer_counts() {
        let mut operator = operator(1);
        operator.set_signing_key([2; 32], 5).unwrap();
        // the same key is no rotation, whenever
        assert!(!operator.set_signing_key([2; 32], 5).unwrap());
        for cur in [5, 6] {
            let mut o = operator.clone();
            assert_eq!(
                o.set_signing_key([3; 32], cur).unwrap_err(),
                RegistryError::KeyRotationPending.into(),
                "cur {cur}"
            );
            // back to the previous key is a rotation too
            assert!(o.set_signing_key([1; 32], cur).is_err());
        }
        assert!(operator.set_signing_key([3; 32], 7).unwrap());
        assert_eq!(
            (operator.previous_signing_key, operator.key_rotated_epoch),
            ([2; 32], 7)
        );
        assert!(!operator.accepts_signing_key(&[1; 32], 7));
        assert!(operator.accepts_signing_key(&[2; 32], 8));
        assert!(!operator.accepts_signing_key(&[2; 32], 9));
    }
}

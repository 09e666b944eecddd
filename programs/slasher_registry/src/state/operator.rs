//! An operator: the key that manages it, its commission (with notice) and the ed25519 key
//! AVSs verify its attestations with.
//!
//! Must hold: `commission_bps` and `next_commission_bps` are `<= 10_000` and were within
//! the registry's `max_commission_bps` in force when they were set; `signing_key` is not
//! all zeros; `metadata_uri` is at most 200 bytes (the account is sized for the longest).
//!
//! # Fixed offsets (the vault program reads them without depending on this crate)
//! `authority` 8..40, `commission_bps` 40..42, `next_commission_bps` 42..44,
//! `commission_effective_epoch` 44..52 (u64 LE), after the 8-byte discriminator
//! (`lrt_vault::constants::REGISTRY_OPERATOR_DISCRIMINATOR`). The vault picks the
//! commission in force in the epoch a reward is paid with `restaking_math::in_force`, as
//! [`Operator::commission_at`] does. Everything after them may move.
//!
//! # Commission with notice (DESIGN.md section 7, invariant 10)
//! A commission applies to rewards of stake already delegated, so a change announced
//! during epoch `e` applies from `e + 2` (`restaking_math::notice`): nobody can raise it in
//! front of a reward. `commission_bps` is the commission until `commission_effective_epoch`,
//! `next_commission_bps` from it ([`Operator::commission_at`] is the only reader). An
//! announcement first folds a change already in force into `commission_bps`, so a second
//! announcement replaces one still pending but never one that applied. Registration sets
//! the commission at once (`next = current`, effective epoch 0): nobody had delegated yet.
//! A lowered registry cap does not change commissions already set; it bounds the next
//! announcements.
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
    /// The operator's cut of rewards, in bps, until `commission_effective_epoch`.
    pub commission_bps: u16,
    /// The commission announced last, in force from `commission_effective_epoch`.
    pub next_commission_bps: u16,
    /// First restaking epoch of `next_commission_bps` (announcement epoch + 2).
    pub commission_effective_epoch: u64,
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
    /// The operator's commission in force during restaking epoch `epoch` (module docs):
    /// the only way to read it.
    pub fn commission_at(&self, epoch: u64) -> u16 {
        restaking_math::in_force(
            self.commission_bps,
            self.next_commission_bps,
            self.commission_effective_epoch,
            epoch,
        )
    }

    /// Announces `bps` during restaking epoch `cur`: it applies from `cur + 2`. A change
    /// already in force is folded into `commission_bps` first, so only one still pending
    /// is replaced. The commission announced last (`next_commission_bps`) announces
    /// nothing. Returns whether it announced. (The caller checks the bounds.)
    pub fn announce_commission(&mut self, bps: u16, cur: u64) -> bool {
        if bps == self.next_commission_bps {
            return false;
        }
        self.commission_bps = self.commission_at(cur);
        self.next_commission_bps = bps;
        self.commission_effective_epoch = restaking_math::effective_epoch(cur);
        true
    }

    /// Last restaking epoch during which reports may prove with `previous_signing_key`,
    /// or `None` if the key never changed.
    pub fn previous_key_valid_through(&self) -> Option<u64> {
        (self.previous_signing_key != [0; 32]).then(|| self.key_rotated_epoch.saturating_add(1))
    }

    /// After a rotation, the first restaking epoch in which the key may rotate again: once
    /// the previous key no longer counts (`None` if the key never changed).
    pub fn next_rotation_from_epoch(&self) -> Option<u64> {
        self.previous_key_valid_through()
            .map(|last| last.saturating_add(1))
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
        if let Some(from) = self.next_rotation_from_epoch() {
            require_gte!(cur, from, RegistryError::KeyRotationPending);
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
            next_commission_bps: 0,
            commission_effective_epoch: 0,
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
        operator.next_commission_bps = 0x0304;
        operator.commission_effective_epoch = 0x0506_0708_090a_0b0c;
        operator.previous_signing_key = [4; 32];
        operator.key_rotated_epoch = 9;
        let mut bytes = Vec::new();
        operator.try_serialize(&mut bytes).unwrap();
        assert_eq!(
            &bytes[..8],
            &lrt_vault::constants::REGISTRY_OPERATOR_DISCRIMINATOR
        );
        assert_eq!(&bytes[8..40], &[5; 32]);
        assert_eq!(&bytes[40..42], &[2, 1]);
        assert_eq!(&bytes[42..44], &[4, 3]);
        assert_eq!(&bytes[44..52], &0x0506_0708_090a_0b0cu64.to_le_bytes());
        assert_eq!(&bytes[52..84], &[3; 32]);
        assert_eq!(&bytes[84..116], &[4; 32]);
        assert_eq!(&bytes[116..124], &9u64.to_le_bytes());
    }

    #[test]
    fn a_commission_announced_during_e_applies_from_e_plus_2() {
        let mut operator = operator(1);
        operator.commission_bps = 1_000;
        operator.next_commission_bps = 1_000;
        assert!(
            !operator.announce_commission(1_000, 7),
            "unchanged: nothing"
        );
        assert_eq!(operator.commission_effective_epoch, 0);
        assert!(operator.announce_commission(10_000, 7));
        assert_eq!(
            [6, 7, 8, 9, 10].map(|e| operator.commission_at(e)),
            [1_000, 1_000, 1_000, 10_000, 10_000]
        );
        // a second announcement during 8 replaces the pending one: 9 keeps 1_000
        assert!(operator.announce_commission(500, 8));
        assert_eq!(
            (
                operator.commission_bps,
                operator.next_commission_bps,
                operator.commission_effective_epoch
            ),
            (1_000, 500, 10)
        );
        assert_eq!([9, 10].map(|e| operator.commission_at(e)), [1_000, 500]);
        // one during 12, after 500 applied, keeps 500 until 14
        assert!(operator.announce_commission(2_000, 12));
        assert_eq!(
            (
                operator.commission_bps,
                operator.next_commission_bps,
                operator.commission_effective_epoch
            ),
            (500, 2_000, 14)
        );
        assert_eq!(
            [12, 13, 14].map(|e| operator.commission_at(e)),
            [500, 500, 2_000]
        );
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
        assert_eq!(operator.next_rotation_from_epoch(), Some(7));
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

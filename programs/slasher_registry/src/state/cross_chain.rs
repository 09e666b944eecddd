//! Cross-chain accounts (docs/cross-chain.md): the settings, guardian sets, and the
//! buffer a VAA is posted to in chunks, verified in, and consumed from.
//!
//! Must hold: `XchainConfig.current_guardian_set` names the only guardian-set account
//! with `expiration_time == 0`; every older set has an expiration time; a guardian set
//! has 1..=19 distinct non-zero keys; a buffer's `data` length is fixed at creation, only
//! its payer writes it, and once `verified` it is never written again (what was verified
//! is what is consumed). An `Attestation` is written once, whole, with the sequence
//! `XchainConfig.next_sequence` had (which then grows by one: no sequence twice), and
//! is only ever closed by its payer, from its epoch + `ATTESTATION_RETENTION_EPOCHS`. A
//! `ReplayRecord` is closed only once its message is refused as stale at any clock
//! within `max_message_age` of the real one (`ReplayRecord::check_closable`), which holds
//! because `max_message_age` never changes after `set_guardian_set`.
use anchor_lang::prelude::*;

use crate::{
    constants::{ATTESTATION_RETENTION_EPOCHS, MAX_GUARDIANS, MAX_VAA_LEN},
    errors::RegistryError,
};

#[account]
#[derive(InitSpace, Debug)]
pub struct XchainConfig {
    /// Index of the current guardian set.
    pub current_guardian_set: u32,
    /// Seconds a replaced guardian set still verifies VAAs (86,400 on Wormhole).
    pub guardian_set_expiration: u32,
    /// Seconds between a message's timestamp and the clock beyond which it is refused.
    pub max_message_age: u32,
    /// Sequence of the next outbound message (stake attestations).
    pub next_sequence: u64,
    pub bump: u8,
}

impl XchainConfig {
    pub fn validate_params(guardian_set_expiration: u32, max_message_age: u32) -> Result<()> {
        require!(
            guardian_set_expiration > 0 && max_message_age > 0,
            RegistryError::InvalidXchainParams
        );
        Ok(())
    }

    /// A message stamped `timestamp` (guardians' Unix seconds) is fresh at `now`: no more
    /// than `max_message_age` seconds old, nor that far in the future (`StaleMessage`).
    pub fn check_message_age(&self, timestamp: u32, now: i64) -> Result<()> {
        let age = now.abs_diff(i64::from(timestamp));
        require!(
            age <= u64::from(self.max_message_age),
            RegistryError::StaleMessage
        );
        Ok(())
    }

    /// Takes the next outbound sequence (and moves past it).
    pub fn take_sequence(&mut self) -> Result<u64> {
        let sequence = self.next_sequence;
        self.next_sequence = sequence
            .checked_add(1)
            .ok_or_else(|| error!(RegistryError::MathOverflow))?;
        Ok(sequence)
    }
}

/// An outbound message: a stake attestation for a relayer to carry to the AVS's chain,
/// `["attestation", sequence_le]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct Attestation {
    /// Its `XchainConfig.next_sequence` at publication: unique, in publication order.
    pub sequence: u64,
    /// The registry's emitter address (the `["emitter"]` PDA's bytes; emitter chain 1).
    pub emitter: [u8; 32],
    /// The encoded `xchain::StakeAttestation` (vault, operator, stake, epoch, slot; 94
    /// bytes, `xchain::StakeAttestation::LEN`: a literal, for the IDL).
    pub payload: [u8; 94],
    /// Unix time of publication (a VAA body's timestamp is seconds too).
    pub timestamp: i64,
    /// Paid the rent; the only one who may close it.
    pub payer: Pubkey,
    pub bump: u8,
}

const _: () = assert!(::xchain::StakeAttestation::LEN == 94);

impl Attestation {
    /// The payload, decoded by the pure crate.
    pub fn stake_attestation(&self) -> Result<::xchain::StakeAttestation> {
        ::xchain::StakeAttestation::decode(&self.payload)
            .map_err(|_| error!(RegistryError::MalformedVaa))
    }

    /// The first restaking epoch in which its payer may close it: the attested epoch +
    /// `ATTESTATION_RETENTION_EPOCHS`.
    pub fn closable_from_epoch(&self) -> Result<u64> {
        let epoch = self.stake_attestation()?.epoch;
        Ok(epoch.saturating_add(ATTESTATION_RETENTION_EPOCHS))
    }

    /// Whether its payer may close it during restaking epoch `cur`
    /// (`AttestationRetained` before `closable_from_epoch`).
    pub fn check_closable(&self, cur: u64) -> Result<()> {
        require!(
            cur >= self.closable_from_epoch()?,
            RegistryError::AttestationRetained
        );
        Ok(())
    }
}

/// The proof that an inbound message was consumed, `["vaa_replay", chain_be, emitter,
/// sequence_le]`: while it exists, the message is refused (`MessageAlreadyProcessed`);
/// once the message is stale for good, anyone closes it to its payer.
#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct ReplayRecord {
    /// Paid its rent when consuming the message; gets it back at the close.
    pub payer: Pubkey,
    /// The message's body timestamp (guardians' Unix seconds).
    pub timestamp: u32,
    pub bump: u8,
}

impl ReplayRecord {
    pub const SPACE: usize = 8 + Self::INIT_SPACE;

    /// The first Unix time at which the record may be closed when messages older than
    /// `max_message_age` are refused: `timestamp + 2 * max_message_age + 1`. From then
    /// on, the message is stale even for a clock a full `max_message_age` behind the
    /// one that closes the record.
    pub fn closable_from(&self, max_message_age: u32) -> i64 {
        i64::from(self.timestamp) + 2 * i64::from(max_message_age) + 1
    }

    /// Whether the record may be closed at Unix time `now` (`ReplayRecordInUse`).
    pub fn check_closable(&self, max_message_age: u32, now: i64) -> Result<()> {
        require!(
            now >= self.closable_from(max_message_age),
            RegistryError::ReplayRecordInUse
        );
        Ok(())
    }
}

#[account]
#[derive(InitSpace, Debug)]
pub struct GuardianSetAccount {
    pub index: u32,
    /// The guardians' Ethereum addresses.
    #[max_len(MAX_GUARDIANS)]
    pub keys: Vec<[u8; 20]>,
    /// Unix time the set was installed.
    pub creation_time: u32,
    /// 0 while current; then the last second (inclusive) it verifies VAAs.
    pub expiration_time: u32,
    pub bump: u8,
}

impl GuardianSetAccount {
    /// 1..=19 keys, none zero, none repeated (`InvalidGuardianKeys`).
    pub fn validate_keys(keys: &[[u8; 20]]) -> Result<()> {
        let ok = !keys.is_empty()
            && keys.len() <= MAX_GUARDIANS
            && keys.iter().all(|k| *k != [0; 20])
            && keys.iter().enumerate().all(|(i, k)| !keys[..i].contains(k));
        require!(ok, RegistryError::InvalidGuardianKeys);
        Ok(())
    }

    /// The pure crate's view of this set.
    pub fn to_guardian_set(&self) -> ::xchain::GuardianSet {
        ::xchain::GuardianSet {
            index: self.index,
            keys: self.keys.clone(),
            expiration_time: self.expiration_time,
        }
    }
}

#[account]
#[derive(InitSpace, Debug)]
pub struct VaaBuffer {
    /// Paid its rent, is the only writer, gets the rent back when it is consumed.
    pub payer: Pubkey,
    pub nonce: u32,
    /// Set by `verify_vaa`; the buffer is frozen from then on.
    pub verified: bool,
    /// keccak256(keccak256(body)), recorded at verification.
    pub digest: [u8; 32],
    /// The guardian set that verified it.
    pub guardian_set_index: u32,
    pub bump: u8,
    /// The VAA's bytes (the length is fixed at creation).
    #[max_len(0)]
    pub data: Vec<u8>,
}

impl VaaBuffer {
    /// Space of a buffer holding `len` bytes of VAA.
    pub fn space(len: usize) -> usize {
        8 + Self::INIT_SPACE + len
    }

    /// A buffer length the program accepts.
    pub fn check_len(len: u32) -> Result<()> {
        require!(
            len > 0 && (len as usize) <= MAX_VAA_LEN,
            RegistryError::InvalidVaaLength
        );
        Ok(())
    }

    /// Writes `bytes` at `offset` of a buffer that is not verified yet.
    pub fn write(&mut self, total_len: u32, offset: u32, bytes: &[u8]) -> Result<()> {
        require!(!self.verified, RegistryError::VaaAlreadyVerified);
        require_eq!(
            self.data.len(),
            total_len as usize,
            RegistryError::InvalidVaaLength
        );
        let start = offset as usize;
        let end = start
            .checked_add(bytes.len())
            .ok_or_else(|| error!(RegistryError::ChunkOutOfBounds))?;
        let target = self
            .data
            .get_mut(start..end)
            .ok_or_else(|| error!(RegistryError::ChunkOutOfBounds))?;
        target.copy_from_slice(bytes);
        Ok(())
    }

    /// The buffer was verified (`VaaNotVerified`).
    pub fn check_verified(&self) -> Result<()> {
        require!(self.verified, RegistryError::VaaNotVerified);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_spaces_match_serialized_sizes() {
        let set = GuardianSetAccount {
            index: 0,
            keys: vec![[1; 20]; MAX_GUARDIANS],
            creation_time: 0,
            expiration_time: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&set),
            8 + GuardianSetAccount::INIT_SPACE
        );
        let config = XchainConfig {
            current_guardian_set: 0,
            guardian_set_expiration: 0,
            max_message_age: 0,
            next_sequence: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&config),
            8 + XchainConfig::INIT_SPACE
        );
        let attestation = Attestation {
            sequence: 0,
            emitter: [0; 32],
            payload: [0; ::xchain::StakeAttestation::LEN],
            timestamp: 0,
            payer: Pubkey::default(),
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&attestation),
            8 + Attestation::INIT_SPACE
        );
        let record = ReplayRecord {
            payer: Pubkey::default(),
            timestamp: 0,
            bump: 0,
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&record),
            ReplayRecord::SPACE
        );
        let buffer = VaaBuffer {
            payer: Pubkey::default(),
            nonce: 0,
            verified: false,
            digest: [0; 32],
            guardian_set_index: 0,
            bump: 0,
            data: vec![0; 1034],
        };
        assert_eq!(
            crate::state::test_util::serialized_len(&buffer),
            VaaBuffer::space(1034)
        );
    }

    #[test]
    fn guardian_keys_are_distinct_non_zero_and_at_most_19() {
        GuardianSetAccount::validate_keys(&[[1; 20], [2; 20]]).unwrap();
        for bad in [
            vec![],
            vec![[0; 20]],
            vec![[1; 20], [1; 20]],
            vec![[3; 20]; 20],
        ] {
            assert_eq!(
                GuardianSetAccount::validate_keys(&bad).unwrap_err(),
                RegistryError::InvalidGuardianKeys.into()
            );
        }
    }

    #[test]
    fn a_message_is_fresh_within_max_age_either_way() {
        let c = XchainConfig {
            current_guardian_set: 0,
            guardian_set_expiration: 1,
            max_message_age: 100,
            next_sequence: 0,
            bump: 0,
        };
        c.check_message_age(1_000, 1_100).unwrap();
        c.check_message_age(1_100, 1_000).unwrap();
        assert_eq!(
            c.check_message_age(1_000, 1_101).unwrap_err(),
            RegistryError::StaleMessage.into()
        );
    }

    #[test]
    fn sequences_are_taken_once_each_and_never_wrap() {
        let mut c = XchainConfig {
            current_guardian_set: 0,
            guardian_set_expiration: 1,
            max_message_age: 1,
            next_sequence: 7,
            bump: 0,
        };
        assert_eq!(c.take_sequence().unwrap(), 7);
        assert_eq!(c.take_sequence().unwrap(), 8);
        c.next_sequence = u64::MAX;
        assert_eq!(
            c.take_sequence().unwrap_err(),
            RegistryError::MathOverflow.into()
        );
        assert_eq!(c.next_sequence, u64::MAX);
    }

    #[test]
    fn an_attestation_is_closable_two_epochs_after_its_own() {
        let payload = ::xchain::StakeAttestation {
            vault: [1; 32],
            operator: [2; 32],
            stake_lamports: 3,
            epoch: 10,
            slot: 1_000,
        }
        .encode();
        let a = Attestation {
            sequence: 0,
            emitter: [0; 32],
            payload,
            timestamp: 0,
            payer: Pubkey::default(),
            bump: 0,
        };
        for cur in [10, 11] {
            assert_eq!(
                a.check_closable(cur).unwrap_err(),
                RegistryError::AttestationRetained.into()
            );
        }
        a.check_closable(12).unwrap();
        assert_eq!(a.closable_from_epoch().unwrap(), 12);
    }

    #[test]
    fn a_replay_record_is_closable_past_its_timestamp_plus_twice_the_max_age() {
        let r = ReplayRecord {
            payer: Pubkey::default(),
            timestamp: 1_000,
            bump: 0,
        };
        // stale from 1_101 (max age 100); the margin is one more full max age
        assert_eq!(r.closable_from(100), 1_201);
        for now in [0, 1_000, 1_101, 1_200] {
            assert_eq!(
                r.check_closable(100, now).unwrap_err(),
                RegistryError::ReplayRecordInUse.into()
            );
        }
        r.check_closable(100, 1_201).unwrap();
        // at any clock up to one max age behind the close, the message is stale
        let c = XchainConfig {
            current_guardian_set: 0,
            guardian_set_expiration: 1,
            max_message_age: 100,
            next_sequence: 0,
            bump: 0,
        };
        assert_eq!(
            c.check_message_age(1_000, 1_201 - 100).unwrap_err(),
            RegistryError::StaleMessage.into()
        );
        // no overflow at the extremes
        let r = ReplayRecord {
            timestamp: u32::MAX,
            ..r
        };
        assert_eq!(r.closable_from(u32::MAX), 3 * i64::from(u32::MAX) + 1);
    }

    #[test]
    fn a_buffer_takes_chunks_in_bounds_until_verified() {
        let mut b = VaaBuffer {
            payer: Pubkey::default(),
            nonce: 0,
            verified: false,
            digest: [0; 32],
            guardian_set_index: 0,
            bump: 0,
            data: vec![0; 10],
        };
        b.write(10, 8, &[1, 2]).unwrap();
        assert_eq!(
            b.write(10, 9, &[1, 2]).unwrap_err(),
            RegistryError::ChunkOutOfBounds.into()
        );
        assert_eq!(
            b.write(11, 0, &[1]).unwrap_err(),
            RegistryError::InvalidVaaLength.into()
        );
        b.verified = true;
        assert_eq!(
            b.write(10, 0, &[1]).unwrap_err(),
            RegistryError::VaaAlreadyVerified.into()
        );
    }
}

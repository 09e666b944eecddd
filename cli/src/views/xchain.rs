//! The registry's cross-chain accounts (docs/cross-chain.md) as `lrt xchain` shows them: the
//! settings (`XchainConfig`), each guardian set (`GuardianSetAccount`) and each outbound
//! stake attestation (`Attestation`, its payload decoded by `xchain::StakeAttestation`). Whether a set is
//! current, still verifying or expired is `xchain::GuardianSet`'s answer (the code the
//! program verifies with), never restated here.
use std::fmt;

use anchor_lang::prelude::Pubkey;
use serde::Serialize;
use slasher_registry::state::{Attestation, GuardianSetAccount, XchainConfig};

use crate::{amount::sol, cmd::watch::utc, output::hex};

/// A guardian key as Ethereum writes it: `0x` and 40 hex digits.
pub fn eth_hex(key: &[u8; 20]) -> String {
    format!("0x{}", hex(key))
}

/// The cross-chain settings.
#[derive(Serialize, Debug, Clone)]
pub struct XchainConfigView {
    pub address: String,
    /// Index of the guardian set that signs new messages.
    pub current_guardian_set: u32,
    /// Seconds a replaced set still verifies messages.
    pub guardian_set_expiration_secs: u32,
    /// Seconds a message may be older (or newer) than the clock.
    pub max_message_age_secs: u32,
    /// Sequence of the next outbound message (stake attestation).
    pub next_sequence: String,
}

impl XchainConfigView {
    pub fn new(key: &Pubkey, config: &XchainConfig) -> Self {
        Self {
            address: key.to_string(),
            current_guardian_set: config.current_guardian_set,
            guardian_set_expiration_secs: config.guardian_set_expiration,
            max_message_age_secs: config.max_message_age,
            next_sequence: config.next_sequence.to_string(),
        }
    }
}

impl fmt::Display for XchainConfigView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cross-chain settings {}\n  current guardian set  {}\n  replaced sets verify  \
             {} s more\n  max message age       {} s\n  next sequence         {}",
            self.address,
            self.current_guardian_set,
            self.guardian_set_expiration_secs,
            self.max_message_age_secs,
            self.next_sequence
        )
    }
}

/// Where a guardian set stands at a given time.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GuardianSetStatus {
    /// Signs new messages.
    Current,
    /// Replaced, still verifies messages through its expiration time.
    Verifying,
    /// Replaced and past its expiration time: verifies nothing.
    Expired,
}

/// One guardian set.
#[derive(Serialize, Debug, Clone)]
pub struct GuardianSetView {
    pub address: String,
    pub index: u32,
    /// The guardians' Ethereum addresses, in guardian-index order.
    pub keys: Vec<String>,
    /// Signatures a message needs.
    pub quorum: usize,
    /// Unix time it was installed.
    pub creation_time: u32,
    /// 0 while current; then the last second (inclusive) it verifies.
    pub expiration_time: u32,
    pub status: GuardianSetStatus,
    /// "current", "verifying until 2026-12-06T04:20:00Z", "expired at ...".
    pub status_text: String,
}

impl GuardianSetView {
    /// The set as it stands at Unix time `now` (the clock sysvar's).
    pub fn new(key: &Pubkey, set: &GuardianSetAccount, now: i64) -> Self {
        let pure = set.to_guardian_set();
        let (status, status_text) = if pure.is_current() {
            (GuardianSetStatus::Current, "current".to_string())
        } else if pure.is_expired(now) {
            (
                GuardianSetStatus::Expired,
                format!("expired at {}", utc(i64::from(set.expiration_time))),
            )
        } else {
            (
                GuardianSetStatus::Verifying,
                format!("verifying until {}", utc(i64::from(set.expiration_time))),
            )
        };
        Self {
            address: key.to_string(),
            index: set.index,
            keys: set.keys.iter().map(eth_hex).collect(),
            quorum: pure.quorum(),
            creation_time: set.creation_time,
            expiration_time: set.expiration_time,
            status,
            status_text,
        }
    }
}

impl fmt::Display for GuardianSetView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "guardian set {} ({}): {} guardians, quorum {}, installed {}\n  account  {}",
            self.index,
            self.status_text,
            self.keys.len(),
            self.quorum,
            utc(i64::from(self.creation_time)),
            self.address
        )?;
        for (i, key) in self.keys.iter().enumerate() {
            write!(f, "\n  {i:>2}  {key}")?;
        }
        Ok(())
    }
}

/// An outbound stake attestation, as a relayer carries it: the message's identity
/// (emitter chain 1, the registry's emitter, the sequence), the payload's bytes and what
/// they say.
#[derive(Serialize, Debug, Clone)]
pub struct AttestationView {
    pub address: String,
    pub sequence: String,
    /// Wormhole chain id of Solana (1).
    pub emitter_chain: u16,
    /// The registry's emitter address (hex, 32 bytes).
    pub emitter: String,
    /// The encoded `StakeAttestation` (hex): the VAA body's payload.
    pub payload: String,
    /// Its fields, decoded (null if the payload does not decode).
    pub attestation: Option<StakeAttestationView>,
    /// Unix time of publication, and as UTC.
    pub timestamp: i64,
    pub time: String,
    pub payer: String,
}

/// The fields of a `StakeAttestation` payload.
#[derive(Serialize, Debug, Clone)]
pub struct StakeAttestationView {
    pub vault: String,
    /// The registry's `Operator` account.
    pub operator: String,
    pub stake_lamports: String,
    pub stake_sol: String,
    /// The restaking epoch the stake is allocated in.
    pub epoch: u64,
    pub slot: u64,
}

impl AttestationView {
    pub fn new(key: &Pubkey, a: &Attestation) -> Self {
        let attestation =
            xchain::StakeAttestation::decode(&a.payload)
                .ok()
                .map(|p| StakeAttestationView {
                    vault: Pubkey::new_from_array(p.vault).to_string(),
                    operator: Pubkey::new_from_array(p.operator).to_string(),
                    stake_lamports: p.stake_lamports.to_string(),
                    stake_sol: sol(p.stake_lamports),
                    epoch: p.epoch,
                    slot: p.slot,
                });
        Self {
            address: key.to_string(),
            sequence: a.sequence.to_string(),
            emitter_chain: xchain::SOLANA_CHAIN,
            emitter: hex(&a.emitter),
            payload: hex(&a.payload),
            attestation,
            timestamp: a.timestamp,
            time: utc(a.timestamp),
            payer: a.payer.to_string(),
        }
    }
}

impl fmt::Display for AttestationView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.attestation {
            Some(p) => write!(
                f,
                "attestation #{} ({}): vault {} operator {} stake {} SOL in epoch {} (slot {})",
                self.sequence, self.time, p.vault, p.operator, p.stake_sol, p.epoch, p.slot
            ),
            None => write!(
                f,
                "attestation #{} ({}): payload {} does not decode",
                self.sequence, self.time, self.payload
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(expiration_time: u32) -> GuardianSetAccount {
        GuardianSetAccount {
            index: 4,
            keys: (1..=19u8).map(|i| [i; 20]).collect(),
            creation_time: 1_000,
            expiration_time,
            bump: 0,
        }
    }

    #[test]
    fn a_set_is_current_then_verifying_through_its_expiration_then_expired() {
        let key = Pubkey::new_unique();
        let current = GuardianSetView::new(&key, &set(0), 5_000);
        assert_eq!(current.status, GuardianSetStatus::Current);
        assert_eq!(current.quorum, 13);
        assert_eq!(current.keys[0], format!("0x{}", "01".repeat(20)));
        let verifying = GuardianSetView::new(&key, &set(86_400), 86_400);
        assert_eq!(verifying.status, GuardianSetStatus::Verifying);
        assert_eq!(
            verifying.status_text,
            "verifying until 1970-01-02T00:00:00Z"
        );
        let expired = GuardianSetView::new(&key, &set(86_400), 86_401);
        assert_eq!(expired.status, GuardianSetStatus::Expired);
        let text = current.to_string();
        assert!(text.starts_with("guardian set 4 (current): 19 guardians, quorum 13"));
        assert!(
            text.contains(&format!("  18  0x{}", "13".repeat(20))),
            "{text}"
        );
    }

    #[test]
    fn an_attestation_shows_its_identity_payload_and_fields() {
        let payload = xchain::StakeAttestation {
            vault: [1; 32],
            operator: [2; 32],
            stake_lamports: 1_500_000_000,
            epoch: 10,
            slot: 2_000,
        }
        .encode();
        let a = Attestation {
            sequence: 3,
            emitter: [9; 32],
            payload,
            timestamp: 86_400,
            payer: Pubkey::new_from_array([4; 32]),
            bump: 0,
        };
        let view = AttestationView::new(&Pubkey::new_from_array([5; 32]), &a);
        assert_eq!((view.sequence.as_str(), view.emitter_chain), ("3", 1));
        assert_eq!(view.payload, hex(&payload));
        let p = view.attestation.as_ref().unwrap();
        assert_eq!(p.vault, Pubkey::new_from_array([1; 32]).to_string());
        assert_eq!((p.stake_sol.as_str(), p.epoch, p.slot), ("1.5", 10, 2_000));
        assert!(view
            .to_string()
            .starts_with("attestation #3 (1970-01-02T00:00:00Z): vault "));
    }
}

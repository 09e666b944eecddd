//! Guardian-set upgrades: the core bridge's governance message that replaces the
//! guardian set, signed by the set it replaces.
//!
//! Trust in a guardian set comes from the chain of upgrades since set 0, each verified
//! under its predecessor; `tests/mainnet.rs` walks mainnet's chain from set 0 to the
//! newest with this module. The payload, big-endian, of a VAA from the governance
//! emitter (chain 1, address `00..04`):
//!
//! | offset  | size   | field                                                    |
//! |---------|--------|----------------------------------------------------------|
//! | 0       | 32     | module: `"Core"`, left-padded with zeros                 |
//! | 32      | 1      | action: 2, guardian-set upgrade                          |
//! | 33      | 2      | chain (u16): 0 for every chain, else the target chain    |
//! | 35      | 4      | new guardian-set index (u32)                             |
//! | 39      | 1      | number of keys `n` (u8)                                  |
//! | 40 + 20 i | 20   | key i: the guardian's Ethereum address                   |
//!
//! As in Wormhole's contracts, an upgrade must be signed by the current set and install
//! the next index; the replaced set then expires after a grace period
//! ([`WORMHOLE_GUARDIAN_SET_EXPIRATION`] on Wormhole's networks) during which VAAs it
//! signed still verify. Refusing duplicate and zero keys is ours: a key listed twice
//! would let one guardian count twice toward the quorum.
use crate::{guardian::GuardianSet, reader::Reader, vaa::Vaa, Part, XchainError};

/// `"Core"` as a 32-byte module name (left-padded).
pub const CORE_MODULE: [u8; 32] = {
    let mut module = [0u8; 32];
    module[28] = b'C';
    module[29] = b'o';
    module[30] = b'r';
    module[31] = b'e';
    module
};
/// Wormhole chain id of Solana, which is also the governance emitter's chain.
pub const SOLANA_CHAIN: u16 = 1;
pub const GOVERNANCE_CHAIN: u16 = 1;
/// The governance emitter's address: 31 zero bytes and a 4.
pub const GOVERNANCE_EMITTER: [u8; 32] = {
    let mut emitter = [0u8; 32];
    emitter[31] = 4;
    emitter
};
pub const ACTION_GUARDIAN_SET_UPGRADE: u8 = 2;
/// Seconds a replaced set stays valid on Wormhole's networks (the Solana core bridge's
/// `guardian_set_expiration_time`).
pub const WORMHOLE_GUARDIAN_SET_EXPIRATION: u32 = 86_400;
/// Module, action, chain, new index, key count.
pub const UPGRADE_FIXED_LEN: usize = 40;

/// A decoded guardian-set upgrade payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianSetUpgrade {
    /// 0 (every chain) or a Wormhole chain id.
    pub chain: u16,
    pub new_index: u32,
    pub keys: Vec<[u8; 20]>,
}

impl GuardianSetUpgrade {
    pub fn parse(payload: &[u8]) -> Result<Self, XchainError> {
        let mut r = Reader::new(payload, Part::Governance);
        let module = *r.array::<32>()?;
        if module != CORE_MODULE {
            return Err(XchainError::GovernanceWrongModule { module });
        }
        let action = r.u8()?;
        if action != ACTION_GUARDIAN_SET_UPGRADE {
            return Err(XchainError::GovernanceWrongAction { action });
        }
        let chain = r.u16()?;
        let new_index = r.u32()?;
        let count = r.u8()?;
        // At most 40 + 255 * 20: cannot overflow.
        let keys_len = usize::from(count).saturating_mul(20);
        let expected = UPGRADE_FIXED_LEN.saturating_add(keys_len);
        if payload.len() != expected {
            return Err(XchainError::GovernanceLength {
                keys: count,
                expected,
                got: payload.len(),
            });
        }
        let (keys, _) = r.take(keys_len)?.as_chunks::<20>();
        let keys = keys.to_vec();
        if keys.is_empty() {
            return Err(XchainError::EmptyGuardianSet { index: new_index });
        }
        for (position, key) in keys.iter().enumerate() {
            if *key == [0; 20] {
                return Err(XchainError::ZeroGuardianKey { position });
            }
            if keys.iter().take(position).any(|earlier| earlier == key) {
                return Err(XchainError::DuplicateGuardianKey { position });
            }
        }
        Ok(Self {
            chain,
            new_index,
            keys,
        })
    }

    pub fn encode(&self) -> Result<Vec<u8>, XchainError> {
        let count =
            u8::try_from(self.keys.len()).map_err(|_| XchainError::GuardianSetTooLarge {
                index: self.new_index,
                keys: self.keys.len(),
            })?;
        let mut out = Vec::with_capacity(
            UPGRADE_FIXED_LEN.saturating_add(self.keys.len().saturating_mul(20)),
        );
        out.extend_from_slice(&CORE_MODULE);
        out.push(ACTION_GUARDIAN_SET_UPGRADE);
        out.extend_from_slice(&self.chain.to_be_bytes());
        out.extend_from_slice(&self.new_index.to_be_bytes());
        out.push(count);
        for key in &self.keys {
            out.extend_from_slice(key);
        }
        Ok(out)
    }
}

/// The outcome of an upgrade: the replaced set, now expiring, and the new current set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianSetRotation {
    pub previous: GuardianSet,
    pub next: GuardianSet,
}

impl GuardianSet {
    /// Apply a guardian-set upgrade to this (current) set at time `now`: the VAA must
    /// verify under this set (it is verified here, so no other set's verification can be
    /// passed off as this one's), come from the governance emitter, target Solana or
    /// every chain and install index `self.index + 1`. This set then expires at
    /// `now + expiration_period`.
    pub fn rotate(
        &self,
        upgrade: &Vaa<'_>,
        now: i64,
        expiration_period: u32,
    ) -> Result<GuardianSetRotation, XchainError> {
        if !self.is_current() {
            return Err(XchainError::NotCurrentGuardianSet { index: self.index });
        }
        let verified = upgrade.verify(self, now)?;
        let body = verified.body();
        if body.emitter_chain != GOVERNANCE_CHAIN || body.emitter_address != GOVERNANCE_EMITTER {
            return Err(XchainError::NotGovernanceEmitter {
                chain: body.emitter_chain,
                address: body.emitter_address,
            });
        }
        let parsed = GuardianSetUpgrade::parse(body.payload)?;
        if parsed.chain != 0 && parsed.chain != SOLANA_CHAIN {
            return Err(XchainError::GovernanceWrongChain {
                chain: parsed.chain,
            });
        }
        if self.index.checked_add(1) != Some(parsed.new_index) {
            return Err(XchainError::UpgradeIndexNotNext {
                current: self.index,
                new: parsed.new_index,
            });
        }
        let expiration_time = u32::try_from(now)
            .ok()
            .and_then(|now| now.checked_add(expiration_period))
            .ok_or(XchainError::ExpirationOutOfRange {
                now,
                period: expiration_period,
            })?;
        Ok(GuardianSetRotation {
            previous: GuardianSet {
                index: self.index,
                keys: self.keys.clone(),
                expiration_time,
            },
            next: GuardianSet::new(parsed.new_index, parsed.keys),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_module_is_core_left_padded() {
        assert_eq!(&CORE_MODULE[28..], b"Core");
        assert!(CORE_MODULE[..28].iter().all(|b| *b == 0));
    }

    #[test]
    fn upgrade_round_trips_and_refuses_bad_key_lists() {
        let upgrade = GuardianSetUpgrade {
            chain: 0,
            new_index: 9,
            keys: vec![[1; 20], [2; 20], [3; 20]],
        };
        let bytes = upgrade.encode().unwrap();
        assert_eq!(bytes.len(), 40 + 3 * 20);
        assert_eq!(GuardianSetUpgrade::parse(&bytes).unwrap(), upgrade);

        let dup = GuardianSetUpgrade {
            keys: vec![[1; 20], [2; 20], [1; 20]],
            ..upgrade.clone()
        };
        assert_eq!(
            GuardianSetUpgrade::parse(&dup.encode().unwrap()),
            Err(XchainError::DuplicateGuardianKey { position: 2 })
        );
        let zero = GuardianSetUpgrade {
            keys: vec![[1; 20], [0; 20]],
            ..upgrade.clone()
        };
        assert_eq!(
            GuardianSetUpgrade::parse(&zero.encode().unwrap()),
            Err(XchainError::ZeroGuardianKey { position: 1 })
        );
        let empty = GuardianSetUpgrade {
            keys: vec![],
            ..upgrade.clone()
        };
        assert_eq!(
            GuardianSetUpgrade::parse(&empty.encode().unwrap()),
            Err(XchainError::EmptyGuardianSet { index: 9 })
        );
        let too_many = GuardianSetUpgrade {
            keys: vec![[1; 20]; 256],
            ..upgrade.clone()
        };
        assert_eq!(
            too_many.encode(),
            Err(XchainError::GuardianSetTooLarge {
                index: 9,
                keys: 256
            })
        );

        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(
            GuardianSetUpgrade::parse(&long),
            Err(XchainError::GovernanceLength {
                keys: 3,
                expected: 100,
                got: 101
            })
        );
        assert_eq!(
            GuardianSetUpgrade::parse(&bytes[..bytes.len() - 1]),
            Err(XchainError::GovernanceLength {
                keys: 3,
                expected: 100,
                got: 99
            })
        );
        assert_eq!(
            GuardianSetUpgrade::parse(&bytes[..39]),
            Err(XchainError::Truncated {
                part: Part::Governance,
                needed: 40,
                available: 39
            })
        );
        let mut action = bytes.clone();
        action[32] = 1;
        assert_eq!(
            GuardianSetUpgrade::parse(&action),
            Err(XchainError::GovernanceWrongAction { action: 1 })
        );
        let mut module = bytes;
        module[31] = b'f';
        assert!(matches!(
            GuardianSetUpgrade::parse(&module),
            Err(XchainError::GovernanceWrongModule { .. })
        ));
    }
}

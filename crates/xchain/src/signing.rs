//! Guardian signing for test and local guardian sets (feature `signing`): what a
//! guardian network does off chain, so tests, the local network's demo and
//! `lrt xchain demo-sign` produce VAAs the registry verifies like real ones.
//!
//! Never for a real guardian set: the keys here are derived from a public label.
//! Signatures are RFC 6979 with low `s`, as the guardians' own signer makes them.
use k256::ecdsa::SigningKey;

use crate::{digest, encode_vaa, eth_address, message_hash, GuardianSignature, XchainError};

/// Label of the local network's guardian set: `lrt-localnet` installs
/// `GuardianKeys::deterministic(LOCAL_GUARDIAN_LABEL, LOCAL_GUARDIANS)` in its demo world,
/// and `lrt xchain demo-sign` signs with the same keys (on the local network only).
pub const LOCAL_GUARDIAN_LABEL: &str = "lrt-localnet guardian";
/// Guardians of the local network's set: 19, as on mainnet, so a message needs 13.
pub const LOCAL_GUARDIANS: u8 = 19;

/// The secret keys of a guardian set, in guardian-index order.
pub struct GuardianKeys {
    keys: Vec<SigningKey>,
}

impl GuardianKeys {
    /// `count` keys: secret key `i` = keccak256(`label` || i). Anyone who knows the label
    /// can sign for the set, which is the point of a test or demo set.
    pub fn deterministic(label: &str, count: u8) -> GuardianKeys {
        let keys = (0..count)
            .map(|i| {
                let mut seed = label.as_bytes().to_vec();
                seed.push(i);
                // A hash at or above the curve order (odds about 2^-128) is hashed again.
                let mut secret = message_hash(&seed);
                loop {
                    if let Ok(key) = SigningKey::from_slice(&secret) {
                        break key;
                    }
                    secret = message_hash(&secret);
                }
            })
            .collect();
        GuardianKeys { keys }
    }

    /// The local network's guardian set (`LOCAL_GUARDIAN_LABEL`).
    pub fn local() -> GuardianKeys {
        GuardianKeys::deterministic(LOCAL_GUARDIAN_LABEL, LOCAL_GUARDIANS)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The guardians' 20-byte Ethereum addresses, as a guardian-set account holds them.
    pub fn addresses(&self) -> Vec<[u8; 20]> {
        self.keys.iter().map(address_of).collect()
    }

    /// Guardian `index`'s signature over `digest` (`GuardianIndexOutOfSet` past the set).
    pub fn signature(
        &self,
        index: u8,
        digest: &[u8; 32],
    ) -> Result<GuardianSignature, XchainError> {
        let key = self
            .keys
            .get(usize::from(index))
            .ok_or(XchainError::GuardianIndexOutOfSet {
                guardian_index: index,
                set_size: self.keys.len(),
            })?;
        let (signature, recovery_id) = key.sign_prehash_recoverable(digest);
        Ok(GuardianSignature {
            guardian_index: index,
            signature: signature.to_bytes().into(),
            recovery_id: recovery_id.to_byte(),
        })
    }

    /// A VAA of guardian set `set_index` over `body`, signed by the guardians at
    /// `indices` (in the order given: the registry wants them strictly increasing).
    pub fn sign_vaa(
        &self,
        set_index: u32,
        indices: &[u8],
        body: &[u8],
    ) -> Result<Vec<u8>, XchainError> {
        let d = digest(body);
        let signatures = indices
            .iter()
            .map(|&i| self.signature(i, &d))
            .collect::<Result<Vec<_>, _>>()?;
        encode_vaa(set_index, &signatures, body)
    }

    /// A VAA over `body` signed by the first `signers` guardians.
    pub fn sign_vaa_by_first(
        &self,
        set_index: u32,
        signers: usize,
        body: &[u8],
    ) -> Result<Vec<u8>, XchainError> {
        let indices: Vec<u8> = (0..signers)
            .map(|i| {
                u8::try_from(i)
                    .map_err(|_| XchainError::TooManySignaturesToEncode { count: signers })
            })
            .collect::<Result<_, _>>()?;
        self.sign_vaa(set_index, &indices, body)
    }
}

/// The Ethereum address of a signing key (keccak256 of its uncompressed public key).
pub fn address_of(key: &SigningKey) -> [u8; 20] {
    let point = key.verifying_key().to_sec1_point(false);
    // SEC1 uncompressed: the tag 0x04, then x and y.
    let mut uncompressed = [0u8; 64];
    for (to, from) in uncompressed.iter_mut().zip(point.as_bytes().iter().skip(1)) {
        *to = *from;
    }
    eth_address(&uncompressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{verify_vaa, GuardianSet, Vaa};

    #[test]
    fn a_quorum_of_deterministic_guardians_verifies() {
        let keys = GuardianKeys::deterministic("xchain signing test", 19);
        let set = GuardianSet::new(7, keys.addresses());
        let body = crate::Body {
            timestamp: 1,
            nonce: 0,
            emitter_chain: 2,
            emitter_address: [9; 32],
            sequence: 5,
            consistency_level: 1,
            payload: b"hello",
        }
        .encode();
        let vaa = keys.sign_vaa_by_first(7, 13, &body).unwrap();
        let parsed = Vaa::parse(&vaa).unwrap();
        assert_eq!(
            verify_vaa(&parsed, &set, 0).unwrap().signatures_verified(),
            13
        );
        let short = keys.sign_vaa_by_first(7, 12, &body).unwrap();
        assert!(verify_vaa(&Vaa::parse(&short).unwrap(), &set, 0).is_err());
    }

    #[test]
    fn the_label_decides_the_keys() {
        let a = GuardianKeys::deterministic("a", 2).addresses();
        assert_eq!(a, GuardianKeys::deterministic("a", 2).addresses());
        assert_ne!(a, GuardianKeys::deterministic("b", 2).addresses());
        assert_ne!(a[0], a[1]);
    }
}

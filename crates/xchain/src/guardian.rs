//! Guardian sets, the quorum rule and signature verification.
//!
//! A guardian set is a list of 20-byte Ethereum addresses; a signature names its signer
//! by position in that list. Verification does every check that costs nothing before it
//! recovers the first public key, because on chain each recovery is a `secp256k1_recover`
//! syscall of 25,000 compute units: a VAA that is going to be refused for its shape is
//! refused for the price of reading it.
use solana_secp256k1_recover::secp256k1_recover;

use crate::{
    vaa::{Body, GuardianSignature, Signatures, Vaa, VaaId},
    XchainError,
};

/// `floor(n / 2)` for the secp256k1 group order `n`: a signature whose `s` is above it
/// is the "high" twin of a canonical one.
const SECP256K1_HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// Signatures needed from a set of `guardian_set_size` guardians: `floor(2n/3) + 1`
/// (13 of 19), Wormhole's rule; more than two thirds, so two conflicting messages cannot
/// both reach it unless a third of the guardians sign both.
pub fn quorum(guardian_set_size: usize) -> usize {
    // floor(2n/3) = 2 floor(n/3) + floor(2 (n mod 3) / 3), and floor(2r/3) = floor(r/2)
    // for r < 3: no 2n to overflow, and the result is at most n, so nothing saturates.
    let thirds = guardian_set_size / 3;
    let remainder = guardian_set_size % 3;
    thirds
        .saturating_mul(2)
        .saturating_add(remainder / 2)
        .saturating_add(1)
}

/// The Ethereum address of an uncompressed secp256k1 public key (64 bytes, `x || y`):
/// the last 20 bytes of its `keccak256`.
pub fn eth_address(public_key: &[u8; 64]) -> [u8; 20] {
    let hash = solana_keccak_hasher::hash(public_key).to_bytes();
    let [_, _, _, _, _, _, _, _, _, _, _, _, address @ ..] = hash;
    address
}

/// The address that produced `signature` over `digest`, after refusing recovery ids
/// other than 0 and 1 and high-`s` signatures. One `secp256k1_recover` on chain.
pub fn recover_guardian_address(
    digest: &[u8; 32],
    signature: &GuardianSignature,
) -> Result<[u8; 20], XchainError> {
    let guardian_index = signature.guardian_index;
    check_signature_form(signature)?;
    let public_key = secp256k1_recover(digest, signature.recovery_id, &signature.signature)
        .map_err(|_| XchainError::InvalidSignature { guardian_index })?;
    Ok(eth_address(&public_key.to_bytes()))
}

/// Recovery id 0 or 1 (Ethereum's 27/28; 2 and 3 mean an `r` above the group order,
/// which Wormhole's contracts refuse) and low `s`.
fn check_signature_form(signature: &GuardianSignature) -> Result<(), XchainError> {
    let guardian_index = signature.guardian_index;
    if signature.recovery_id > 1 {
        return Err(XchainError::BadRecoveryId {
            guardian_index,
            recovery_id: signature.recovery_id,
        });
    }
    // Big-endian numbers of equal length compare like their byte strings.
    if signature.s() > &SECP256K1_HALF_ORDER[..] {
        return Err(XchainError::NonCanonicalSignature { guardian_index });
    }
    Ok(())
}

/// A guardian set as Wormhole keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianSet {
    /// Guardian sets are numbered from 0; each upgrade installs the next.
    pub index: u32,
    /// The guardians' Ethereum addresses; a signature's guardian index points in here.
    /// Distinct (upgrades with a repeated key are refused), which is what makes
    /// strictly increasing indices mean distinct guardians.
    pub keys: Vec<[u8; 20]>,
    /// 0 while the set is current; once replaced, the last second (Unix time, inclusive)
    /// at which it still verifies VAAs.
    pub expiration_time: u32,
}

impl GuardianSet {
    /// The current set (no expiration).
    pub fn new(index: u32, keys: Vec<[u8; 20]>) -> Self {
        Self {
            index,
            keys,
            expiration_time: 0,
        }
    }

    pub fn quorum(&self) -> usize {
        quorum(self.keys.len())
    }

    pub fn is_current(&self) -> bool {
        self.expiration_time == 0
    }

    /// Replaced, and `now` is past the grace period (Wormhole: `expiration < now`).
    pub fn is_expired(&self, now: i64) -> bool {
        !self.is_current() && i64::from(self.expiration_time) < now
    }

    /// The set has guardians and may verify VAAs at `now`.
    pub fn check_usable(&self, now: i64) -> Result<(), XchainError> {
        if self.keys.is_empty() {
            return Err(XchainError::EmptyGuardianSet { index: self.index });
        }
        if self.is_expired(now) {
            return Err(XchainError::ExpiredGuardianSet {
                index: self.index,
                expiration_time: self.expiration_time,
                now,
            });
        }
        Ok(())
    }
}

/// Checks `signatures` over `digest` against `set` at time `now`, for a VAA that names
/// guardian set `vaa_guardian_set_index`; returns how many signatures were verified.
///
/// In this order, so that everything free comes before the first recovery: the set is
/// the VAA's, has guardians and is not expired; the signatures are no more than the
/// guardians and at least the quorum; guardian indices strictly increase and are in the
/// set; every recovery id is 0 or 1 and every `s` is low; then each signature recovers to
/// the set's key at its index.
pub fn verify_signatures(
    set: &GuardianSet,
    vaa_guardian_set_index: u32,
    signatures: Signatures<'_>,
    digest: &[u8; 32],
    now: i64,
) -> Result<usize, XchainError> {
    if vaa_guardian_set_index != set.index {
        return Err(XchainError::WrongGuardianSet {
            vaa: vaa_guardian_set_index,
            set: set.index,
        });
    }
    set.check_usable(now)?;
    let set_size = set.keys.len();
    let count = signatures.len();
    if count > set_size {
        return Err(XchainError::TooManySignatures { count, set_size });
    }
    let quorum = set.quorum();
    if count < quorum {
        return Err(XchainError::BelowQuorum {
            signatures: count,
            quorum,
        });
    }

    let mut previous: Option<u8> = None;
    for signature in signatures.iter() {
        let index = signature.guardian_index;
        if let Some(previous) = previous {
            if index == previous {
                return Err(XchainError::DuplicateGuardianIndex {
                    guardian_index: index,
                });
            }
            if index < previous {
                return Err(XchainError::UnorderedGuardianIndices {
                    previous,
                    next: index,
                });
            }
        }
        if usize::from(index) >= set_size {
            return Err(XchainError::GuardianIndexOutOfSet {
                guardian_index: index,
                set_size,
            });
        }
        check_signature_form(&signature)?;
        previous = Some(index);
    }

    for signature in signatures.iter() {
        let guardian_index = signature.guardian_index;
        let recovered = recover_guardian_address(digest, &signature)?;
        if set.keys.get(usize::from(guardian_index)) != Some(&recovered) {
            return Err(XchainError::SignatureMismatch { guardian_index });
        }
    }
    Ok(count)
}

/// Checks a parsed VAA's signatures (see [`verify_signatures`]) and returns it verified.
pub fn verify_vaa<'a>(
    vaa: &Vaa<'a>,
    set: &GuardianSet,
    now: i64,
) -> Result<VerifiedVaa<'a>, XchainError> {
    let digest = vaa.digest();
    let signatures_verified = verify_signatures(
        set,
        vaa.guardian_set_index(),
        vaa.signatures(),
        &digest,
        now,
    )?;
    Ok(VerifiedVaa {
        guardian_set_index: vaa.guardian_set_index(),
        signatures_verified,
        digest,
        body: vaa.body(),
        body_bytes: vaa.body_bytes(),
    })
}

impl<'a> Vaa<'a> {
    /// [`verify_vaa`] as a method.
    pub fn verify(&self, set: &GuardianSet, now: i64) -> Result<VerifiedVaa<'a>, XchainError> {
        verify_vaa(self, set, now)
    }
}

/// A VAA whose body a quorum of its guardian set signed. Only [`verify_vaa`] makes one,
/// so a function that takes a `VerifiedVaa` cannot be handed an unchecked body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedVaa<'a> {
    guardian_set_index: u32,
    signatures_verified: usize,
    digest: [u8; 32],
    body: Body<'a>,
    body_bytes: &'a [u8],
}

impl<'a> VerifiedVaa<'a> {
    pub fn guardian_set_index(&self) -> u32 {
        self.guardian_set_index
    }

    /// Every signature the VAA carried (at least the quorum).
    pub fn signatures_verified(&self) -> usize {
        self.signatures_verified
    }

    /// `keccak256(keccak256(body))`.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    pub fn body(&self) -> Body<'a> {
        self.body
    }

    pub fn body_bytes(&self) -> &'a [u8] {
        self.body_bytes
    }

    pub fn payload(&self) -> &'a [u8] {
        self.body.payload
    }

    /// The key to record against replay.
    pub fn id(&self) -> VaaId {
        self.body.id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest k with 3k > 2n: "more than two thirds", computed by search.
    fn quorum_by_search(n: usize) -> usize {
        (0..).find(|k| 3 * k > 2 * n).unwrap()
    }

    #[test]
    fn quorum_is_more_than_two_thirds() {
        for n in 0..=1000 {
            assert_eq!(quorum(n), quorum_by_search(n), "n = {n}");
        }
        assert_eq!(quorum(19), 13);
        assert_eq!(quorum(1), 1);
        assert_eq!(quorum(4), 3);
        let big = usize::MAX;
        assert_eq!(quorum(big), big / 3 * 2 + 1, "no overflow at usize::MAX");
    }

    #[test]
    fn half_order_is_half_the_secp256k1_order() {
        // n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141 (SEC 2)
        let n: [u8; 32] = [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c,
            0xd0, 0x36, 0x41, 0x41,
        ];
        // Halve n bit by bit (shift right by one, carrying from the byte above).
        let mut half = [0u8; 32];
        let mut carry = 0u8;
        for (h, b) in half.iter_mut().zip(n) {
            *h = (b >> 1) | (carry << 7);
            carry = b & 1;
        }
        assert_eq!(half, SECP256K1_HALF_ORDER);
    }

    #[test]
    fn expiry_is_inclusive_and_zero_means_current() {
        let mut set = GuardianSet::new(3, vec![[1; 20]]);
        assert!(!set.is_expired(i64::MAX));
        set.expiration_time = 100;
        assert!(!set.is_expired(100));
        assert!(set.is_expired(101));
        assert_eq!(
            set.check_usable(101),
            Err(XchainError::ExpiredGuardianSet {
                index: 3,
                expiration_time: 100,
                now: 101
            })
        );
        assert_eq!(
            GuardianSet::new(2, vec![]).check_usable(0),
            Err(XchainError::EmptyGuardianSet { index: 2 })
        );
    }
}

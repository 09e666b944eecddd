//! VAAs we sign ourselves: with the public devnet guardian key (whose real devnet VAAs
//! pin down our digest and signature encoding), and with 19 deterministic test guardians
//! signing a `SlashRequest`, where every way of getting the signatures wrong must fail
//! with its own error.
mod common;

use common::*;
use k256::ecdsa::SigningKey;
use xchain::{
    digest, encode_vaa, payload::SlashTarget, verify_vaa, GuardianSet, GuardianSignature, Part,
    Payload, SlashRequest, Vaa, XchainError, WAD,
};

fn slash_request() -> SlashRequest {
    SlashRequest {
        operator: [0x11; 32],
        target: SlashTarget::Vault([0x22; 32]),
        fraction_wad: WAD / 10,
        evidence_hash: [0x33; 32],
    }
}

fn slash_body() -> Vec<u8> {
    test_body(&slash_request().encode().unwrap())
}

const NOW: i64 = 1_750_000_100;

#[test]
fn the_devnet_key_is_the_listed_guardian_and_reproduces_the_real_devnet_signatures() {
    let (set, key) = devnet_guardian();
    assert_eq!(
        address_of(&key),
        set.keys[0],
        "address derived from the private key"
    );
    // RFC 6979 is deterministic: re-signing the digest of each real devnet VAA must give
    // its exact signature, which checks our digest and signature layout against the
    // signer that made them.
    for file in [
        "vaa_devnet_nft_bridge_registration_bsc.hex",
        "vaa_devnet_token_attestation_usdc.hex",
    ] {
        let bytes = read_vaa(file);
        let vaa = Vaa::parse(&bytes).unwrap();
        let real = vaa.signatures().get(0).unwrap();
        assert_eq!(sign(&key, 0, &vaa.digest()), real, "{file}");
        let rebuilt = encode_vaa(0, &[real], vaa.body_bytes()).unwrap();
        assert_eq!(rebuilt, bytes, "{file}");
    }
}

#[test]
fn a_slash_request_signed_by_the_devnet_guardian_verifies_against_its_one_guardian_set() {
    let (set, key) = devnet_guardian();
    assert_eq!(set.quorum(), 1);
    let body = slash_body();
    let bytes = signed_vaa(set.index, &[(0, &key)], &body);
    let vaa = Vaa::parse(&bytes).unwrap();
    let verified = verify_vaa(&vaa, &set, NOW).unwrap();
    assert_eq!(verified.signatures_verified(), 1);
    assert_eq!(verified.digest(), digest(&body));
    assert_eq!(
        Payload::decode(verified.payload()),
        Ok(Payload::SlashRequest(slash_request()))
    );
    // Another key under the devnet guardian's index is not the devnet guardian.
    let other = &test_guardians(1)[0];
    let forged = signed_vaa(set.index, &[(0, other)], &body);
    assert_eq!(
        Vaa::parse(&forged).unwrap().verify(&set, NOW),
        Err(XchainError::SignatureMismatch { guardian_index: 0 })
    );
}

struct World {
    keys: Vec<SigningKey>,
    set: GuardianSet,
    body: Vec<u8>,
}

fn world() -> World {
    let keys = test_guardians(19);
    let set = test_set(5, &keys);
    assert_eq!((set.keys.len(), set.quorum()), (19, 13));
    World {
        keys,
        set,
        body: slash_body(),
    }
}

impl World {
    /// A VAA signed by the guardians at `indices`, in that order.
    fn vaa(&self, indices: &[u8]) -> Vec<u8> {
        let signers: Vec<(u8, &SigningKey)> = indices
            .iter()
            .map(|&i| (i, &self.keys[usize::from(i)]))
            .collect();
        signed_vaa(self.set.index, &signers, &self.body)
    }

    fn signatures(&self, indices: &[u8]) -> Vec<GuardianSignature> {
        let digest = digest(&self.body);
        indices
            .iter()
            .map(|&i| sign(&self.keys[usize::from(i)], i, &digest))
            .collect()
    }

    fn verify(&self, bytes: &[u8]) -> Result<usize, XchainError> {
        Ok(Vaa::parse(bytes)?
            .verify(&self.set, NOW)?
            .signatures_verified())
    }
}

/// Guardians 0, 2, 4, ..., 18 and 1, 3, 5: a quorum of 13, increasing.
const QUORUM: [u8; 13] = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18];

#[test]
fn a_quorum_of_test_guardians_signs_a_slash_request_that_verifies_and_decodes() {
    let w = world();
    let bytes = w.vaa(&QUORUM);
    assert_eq!(bytes.len(), xchain::vaa_len(13, SlashRequest::LEN).unwrap());
    let vaa = Vaa::parse(&bytes).unwrap();
    let verified = vaa.verify(&w.set, NOW).unwrap();
    assert_eq!(verified.signatures_verified(), 13);
    assert_eq!(verified.guardian_set_index(), 5);
    assert_eq!(verified.id().sequence, 42);
    assert_eq!(
        SlashRequest::decode(verified.payload()),
        Ok(slash_request())
    );

    // All 19 verify too; so do 14 (more than the quorum is fine, every one is checked).
    let all: Vec<u8> = (0..19).collect();
    assert_eq!(w.verify(&w.vaa(&all)), Ok(19));
    assert_eq!(w.verify(&w.vaa(&all[5..])), Ok(14));
}

#[test]
fn below_quorum_fails() {
    let w = world();
    assert_eq!(
        w.verify(&w.vaa(&QUORUM[..12])),
        Err(XchainError::BelowQuorum {
            signatures: 12,
            quorum: 13
        })
    );
    assert_eq!(
        w.verify(&w.vaa(&[])),
        Err(XchainError::BelowQuorum {
            signatures: 0,
            quorum: 13
        })
    );
}

#[test]
fn a_tampered_body_fails_at_the_first_signature() {
    let w = world();
    let bytes = w.vaa(&QUORUM);
    let body_offset = 6 + 13 * 66;
    // Any byte of the body: a header field or the payload's fraction.
    for at in [body_offset, body_offset + 50, bytes.len() - 40] {
        let mut tampered = bytes.clone();
        tampered[at] ^= 1;
        assert_eq!(
            w.verify(&tampered),
            Err(XchainError::SignatureMismatch { guardian_index: 0 }),
            "byte {at}"
        );
    }
}

#[test]
fn the_wrong_guardian_set_index_fails() {
    let w = world();
    let mut bytes = w.vaa(&QUORUM);
    bytes[1..5].copy_from_slice(&6u32.to_be_bytes());
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::WrongGuardianSet { vaa: 6, set: 5 })
    );
}

#[test]
fn an_expired_set_fails_and_an_expiring_one_does_not() {
    let w = world();
    let bytes = w.vaa(&QUORUM);
    let vaa = Vaa::parse(&bytes).unwrap();
    let mut replaced = w.set.clone();
    replaced.expiration_time = 1_750_000_000;
    assert!(
        vaa.verify(&replaced, 1_750_000_000).is_ok(),
        "last valid second"
    );
    assert_eq!(
        vaa.verify(&replaced, 1_750_000_001),
        Err(XchainError::ExpiredGuardianSet {
            index: 5,
            expiration_time: 1_750_000_000,
            now: 1_750_000_001
        })
    );
    assert!(
        vaa.verify(&w.set, i64::MAX).is_ok(),
        "a current set never expires"
    );
}

#[test]
fn a_duplicate_index_fails() {
    let w = world();
    let mut signatures = w.signatures(&QUORUM);
    // Guardian 4 signs twice (same valid signature) in place of guardian 5.
    signatures[5] = signatures[4];
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::DuplicateGuardianIndex { guardian_index: 4 })
    );
}

#[test]
fn unordered_indices_fail() {
    let w = world();
    let mut signatures = w.signatures(&QUORUM);
    signatures.swap(7, 8); // indices ... 6, 10, 8, 12 ...
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::UnorderedGuardianIndices {
            previous: 10,
            next: 8
        })
    );
}

#[test]
fn an_index_outside_the_set_fails() {
    let w = world();
    let mut signatures = w.signatures(&QUORUM);
    signatures[12].guardian_index = 19;
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::GuardianIndexOutOfSet {
            guardian_index: 19,
            set_size: 19
        })
    );
}

#[test]
fn more_signatures_than_guardians_fail() {
    let w = world();
    let all: Vec<u8> = (0..19).collect();
    let mut signatures = w.signatures(&all);
    signatures.push(GuardianSignature {
        guardian_index: 19,
        ..signatures[18]
    });
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::TooManySignatures {
            count: 20,
            set_size: 19
        })
    );
    let too_many = vec![signatures[0]; 256];
    assert_eq!(
        encode_vaa(5, &too_many, &w.body),
        Err(XchainError::TooManySignaturesToEncode { count: 256 })
    );
}

#[test]
fn a_signature_from_another_guardians_key_fails() {
    let w = world();
    let digest = digest(&w.body);
    let mut signatures = w.signatures(&QUORUM);
    // Guardian 5's key signs in guardian 4's place (index 4, order kept).
    signatures[4] = sign(&w.keys[5], 4, &digest);
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::SignatureMismatch { guardian_index: 4 })
    );
    // A key outside the set entirely.
    let outsider = &test_guardians(20)[19];
    signatures[4] = sign(outsider, 4, &digest);
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::SignatureMismatch { guardian_index: 4 })
    );
}

#[test]
fn bad_recovery_ids_fail() {
    let w = world();
    for v in [2u8, 3, 27, 28, 255] {
        let mut signatures = w.signatures(&QUORUM);
        signatures[3].recovery_id = v;
        let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
        assert_eq!(
            w.verify(&bytes),
            Err(XchainError::BadRecoveryId {
                guardian_index: 3,
                recovery_id: v
            })
        );
    }
    // The other recovery id of a valid signature is another key.
    let mut signatures = w.signatures(&QUORUM);
    signatures[3].recovery_id ^= 1;
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert!(matches!(
        w.verify(&bytes),
        Err(XchainError::SignatureMismatch { guardian_index: 3 }
            | XchainError::InvalidSignature { guardian_index: 3 })
    ));
}

/// `n - s` for the secp256k1 order `n`, big-endian (schoolbook subtraction).
fn negate_s(s: &[u8]) -> [u8; 32] {
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36,
        0x41, 0x41,
    ];
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(N[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    out
}

#[test]
fn the_high_s_twin_of_a_valid_signature_fails_as_non_canonical() {
    let w = world();
    let mut signatures = w.signatures(&QUORUM);
    let original = signatures[2];
    // (r, n - s) with the other recovery id is the same signer's signature, malleated.
    let high_s = negate_s(original.s());
    signatures[2].signature[32..].copy_from_slice(&high_s);
    signatures[2].recovery_id ^= 1;
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::NonCanonicalSignature { guardian_index: 2 })
    );
    // k256 agrees that it is the high twin of the low original, and that it recovers
    // to the same guardian: refusing it is what keeps one signature per guardian.
    let high = k256::ecdsa::Signature::from_slice(&signatures[2].signature).unwrap();
    assert!(high.normalize_s() != high, "malleated s is high");
    let low = k256::ecdsa::Signature::from_slice(&original.signature).unwrap();
    assert_eq!(low.normalize_s(), low, "RFC 6979 signer emits low s");
    assert_eq!(high.normalize_s(), low);
    let recovered = k256::ecdsa::VerifyingKey::recover_from_prehash(
        &digest(&w.body),
        &high,
        k256::ecdsa::RecoveryId::from_byte(signatures[2].recovery_id).unwrap(),
    )
    .unwrap();
    assert_eq!(&recovered, w.keys[2].verifying_key());
}

#[test]
fn a_signature_that_is_not_a_curve_signature_fails() {
    let w = world();
    let mut signatures = w.signatures(&QUORUM);
    signatures[6].signature[..32].copy_from_slice(&[0; 32]); // r = 0
    let bytes = encode_vaa(5, &signatures, &w.body).unwrap();
    assert_eq!(
        w.verify(&bytes),
        Err(XchainError::InvalidSignature { guardian_index: 6 })
    );
}

#[test]
fn wrong_versions_and_truncations_fail_with_the_part_that_is_missing() {
    let w = world();
    let bytes = w.vaa(&QUORUM);
    let mut v2 = bytes.clone();
    v2[0] = 2;
    assert_eq!(w.verify(&v2), Err(XchainError::WrongVersion { version: 2 }));
    assert_eq!(
        w.verify(&bytes[..3]),
        Err(XchainError::Truncated {
            part: Part::Header,
            needed: 5,
            available: 3
        })
    );
    assert_eq!(
        w.verify(&bytes[..6 + 66 * 13 - 1]),
        Err(XchainError::Truncated {
            part: Part::Signatures,
            needed: 6 + 66 * 13,
            available: 6 + 66 * 13 - 1
        })
    );
    assert_eq!(
        w.verify(&bytes[..6 + 66 * 13 + 50]),
        Err(XchainError::Truncated {
            part: Part::Body,
            needed: 6 + 66 * 13 + 51,
            available: 6 + 66 * 13 + 50
        })
    );
    // A body with nothing after it is a VAA with an empty payload, which is signed for
    // a different digest: the signatures then fail, not the parse.
    let no_payload = &bytes[..6 + 66 * 13 + 51];
    assert_eq!(Vaa::parse(no_payload).unwrap().payload(), &[] as &[u8]);
    assert_eq!(
        w.verify(no_payload),
        Err(XchainError::SignatureMismatch { guardian_index: 0 })
    );
    assert_eq!(
        w.verify(&[]),
        Err(XchainError::Truncated {
            part: Part::Header,
            needed: 1,
            available: 0
        })
    );
}

/// A governance VAA from the devnet guardian (set 0) carrying `upgrade`.
fn devnet_governance_vaa(payload: &[u8], emitter_chain: u16, emitter_address: [u8; 32]) -> Vec<u8> {
    let (set, key) = devnet_guardian();
    let body = xchain::Body {
        timestamp: 1_750_000_000,
        nonce: 0,
        emitter_chain,
        emitter_address,
        sequence: 1,
        consistency_level: 32,
        payload,
    }
    .encode();
    signed_vaa(set.index, &[(0, &key)], &body)
}

#[test]
fn a_devnet_guardian_set_upgrade_installs_the_test_guardians_and_refuses_bad_upgrades() {
    use xchain::{governance::GuardianSetUpgrade, GOVERNANCE_CHAIN, GOVERNANCE_EMITTER};
    let (devnet, _) = devnet_guardian();
    let keys = test_guardians(19);
    let upgrade = GuardianSetUpgrade {
        chain: 0,
        new_index: 1,
        keys: test_set(1, &keys).keys,
    };
    let rotate = |payload: &[u8], chain: u16, emitter: [u8; 32], now: i64| {
        let bytes = devnet_governance_vaa(payload, chain, emitter);
        devnet.rotate(&Vaa::parse(&bytes).unwrap(), now, 86_400)
    };
    let good = upgrade.encode().unwrap();
    let rotation = rotate(&good, GOVERNANCE_CHAIN, GOVERNANCE_EMITTER, NOW).unwrap();
    assert_eq!(rotation.next, test_set(1, &keys));
    assert_eq!(rotation.previous.expiration_time as i64, NOW + 86_400);

    // The new set verifies what its guardians sign; the old one does not know them.
    let w = World {
        keys,
        set: rotation.next.clone(),
        body: slash_body(),
    };
    let mut slash = w.vaa(&QUORUM);
    assert_eq!(w.verify(&slash), Ok(13));
    slash[1..5].copy_from_slice(&0u32.to_be_bytes());
    assert_eq!(
        Vaa::parse(&slash).unwrap().verify(&rotation.previous, NOW),
        Err(XchainError::TooManySignatures {
            count: 13,
            set_size: 1
        })
    );

    assert_eq!(
        rotate(&good, 2, GOVERNANCE_EMITTER, NOW),
        Err(XchainError::NotGovernanceEmitter {
            chain: 2,
            address: GOVERNANCE_EMITTER
        })
    );
    assert_eq!(
        rotate(&good, GOVERNANCE_CHAIN, [7; 32], NOW),
        Err(XchainError::NotGovernanceEmitter {
            chain: GOVERNANCE_CHAIN,
            address: [7; 32]
        })
    );
    let for_ethereum = GuardianSetUpgrade {
        chain: 2,
        ..upgrade.clone()
    };
    assert_eq!(
        rotate(
            &for_ethereum.encode().unwrap(),
            GOVERNANCE_CHAIN,
            GOVERNANCE_EMITTER,
            NOW
        ),
        Err(XchainError::GovernanceWrongChain { chain: 2 })
    );
    let for_solana = GuardianSetUpgrade {
        chain: 1,
        ..upgrade.clone()
    };
    assert!(rotate(
        &for_solana.encode().unwrap(),
        GOVERNANCE_CHAIN,
        GOVERNANCE_EMITTER,
        NOW
    )
    .is_ok());
    let skipping = GuardianSetUpgrade {
        new_index: 2,
        ..upgrade.clone()
    };
    assert_eq!(
        rotate(
            &skipping.encode().unwrap(),
            GOVERNANCE_CHAIN,
            GOVERNANCE_EMITTER,
            NOW
        ),
        Err(XchainError::UpgradeIndexNotNext { current: 0, new: 2 })
    );
    assert_eq!(
        rotate(
            &good,
            GOVERNANCE_CHAIN,
            GOVERNANCE_EMITTER,
            i64::from(u32::MAX)
        ),
        Err(XchainError::ExpirationOutOfRange {
            now: i64::from(u32::MAX),
            period: 86_400
        })
    );
    assert_eq!(
        rotate(&good, GOVERNANCE_CHAIN, GOVERNANCE_EMITTER, -1),
        Err(XchainError::ExpirationOutOfRange {
            now: -1,
            period: 86_400
        })
    );
    // An application payload from the governance emitter is not an upgrade.
    assert!(matches!(
        rotate(
            &slash_request().encode().unwrap(),
            GOVERNANCE_CHAIN,
            GOVERNANCE_EMITTER,
            NOW
        ),
        Err(XchainError::GovernanceWrongModule { .. })
    ));
}

//! Fuzzing the parsers and the verifier (proptest): arbitrary bytes never panic anything
//! in the crate; whatever parses re-encodes to the same bytes; mutated real VAAs either
//! fail with an error or verify to exactly the original message; payloads round-trip
//! and decode canonically.
//!
//! How many cases: `PROPTEST_CASES` if set, else proptest's default (256). A long run:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release -p xchain --test fuzz
//! ```
mod common;

use std::sync::OnceLock;

use common::*;
use proptest::prelude::*;
use xchain::{
    governance::GuardianSetUpgrade,
    payload::{payload_type, PAYLOAD_MAGIC},
    Body, GuardianSet, Payload, RewardNotice, Signatures, SlashRequest, SlashTarget,
    StakeAttestation, Vaa, VaaId, XchainError, WAD,
};

/// Every real VAA of the fixtures with the set that signed it.
fn real_vaas() -> &'static [(Vec<u8>, GuardianSet)] {
    static REAL: OnceLock<Vec<(Vec<u8>, GuardianSet)>> = OnceLock::new();
    REAL.get_or_init(|| {
        index_entries()
            .iter()
            .map(|entry| {
                let file = entry["file"].as_str().unwrap();
                let set = match entry["guardian_addresses_file"].as_str().unwrap() {
                    "devnet_guardian_key.json" => devnet_guardian().0,
                    other => {
                        let i = other.rsplit('.').next().unwrap().parse().unwrap();
                        listed_mainnet_set(i)
                    }
                };
                (read_vaa(file), set)
            })
            .collect()
    })
}

fn mainnet_set_4() -> &'static GuardianSet {
    static SET: OnceLock<GuardianSet> = OnceLock::new();
    SET.get_or_init(|| listed_mainnet_set(4))
}

/// Runs everything that reads bytes on `bytes`; panics only on a broken property.
fn exercise(bytes: &[u8]) {
    if let Ok(vaa) = Vaa::parse(bytes) {
        assert_eq!(vaa.encode(), bytes, "parse then encode is the identity");
        for set in [mainnet_set_4(), &real_vaas()[0].1] {
            let _ = vaa.verify(set, i64::from(vaa.body().timestamp));
        }
    }
    if let Ok(body) = Body::parse(bytes) {
        assert_eq!(body.encode(), bytes);
    }
    if let Ok(signatures) = Signatures::parse(bytes) {
        assert_eq!(signatures.as_bytes(), bytes);
    }
    check_payload_canonical(bytes);
    if let Ok(upgrade) = GuardianSetUpgrade::parse(bytes) {
        assert_eq!(upgrade.encode().unwrap(), bytes);
    }
}

/// Bytes that decode as a payload encode back to themselves.
fn check_payload_canonical(bytes: &[u8]) {
    let _ = payload_type(bytes);
    if let Ok(p) = Payload::decode(bytes) {
        assert_eq!(p.encode().unwrap(), bytes, "{p:?}");
    }
    if let Ok(p) = SlashRequest::decode(bytes) {
        assert!(p.fraction_wad <= WAD);
        assert_eq!(p.encode().unwrap().as_slice(), bytes);
    }
    if let Ok(p) = RewardNotice::decode(bytes) {
        assert_eq!(p.encode().as_slice(), bytes);
    }
    if let Ok(p) = StakeAttestation::decode(bytes) {
        assert_eq!(p.encode().as_slice(), bytes);
    }
}

/// A VAA header claiming guardian set 4 with `signatures` (index, r, s with the top bit
/// clear so most are low, v) and a random body: gets past every structural check, so the
/// verifier recovers keys from garbage.
fn forged_vaa() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::subsequence((0u8..19).collect::<Vec<_>>(), 13..=19),
        proptest::collection::vec((any::<[u8; 32]>(), any::<[u8; 32]>(), 0u8..2), 19),
        proptest::collection::vec(any::<u8>(), 51..200),
    )
        .prop_map(|(indices, sigs, body)| {
            let mut out = vec![1];
            out.extend_from_slice(&4u32.to_be_bytes());
            out.push(indices.len() as u8);
            for (index, (r, mut s, v)) in indices.into_iter().zip(sigs) {
                s[0] &= 0x7f;
                out.push(index);
                out.extend_from_slice(&r);
                out.extend_from_slice(&s);
                out.push(v);
            }
            out.extend_from_slice(&body);
            out
        })
}

/// A payload-shaped input: the right header most of the time, a length near a real
/// one, a target tag near the valid ones and a fraction near 1e18.
fn payload_like() -> impl Strategy<Value = Vec<u8>> {
    (
        prop_oneof![Just(PAYLOAD_MAGIC), any::<[u8; 4]>()],
        prop_oneof![4 => Just(1u8), 1 => any::<u8>()],
        prop_oneof![4 => 1u8..=3, 1 => any::<u8>()],
        prop_oneof![Just(113usize), Just(146), Just(88), 80usize..150],
        proptest::collection::vec(any::<u8>(), 150),
        0u8..3,
        prop_oneof![Just(WAD), Just(WAD + 1), 0..=WAD, any::<u128>()],
        any::<bool>(),
    )
        .prop_map(|(magic, version, ty, len, fill, tag, wad, zero_vault)| {
            let mut out = magic.to_vec();
            out.push(version);
            out.push(ty);
            out.extend_from_slice(&fill[..len]);
            if ty == 1 && out.len() >= 87 {
                out[38] = tag;
                if zero_vault {
                    out[39..71].fill(0);
                }
                out[71..87].copy_from_slice(&wad.to_be_bytes());
            }
            out
        })
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(usize, u8),
    SetByte(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Remove(usize),
    DropSignature(usize),
    SwapSignatures(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, v)| Mutation::SetByte(i, v)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, v)| Mutation::Insert(i, v)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::DropSignature),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapSignatures(a, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    let count = usize::from(*bytes.get(5).unwrap_or(&0));
    let sig = |i: usize| 6 + 66 * (i % count.max(1));
    match *mutation {
        Mutation::FlipBit(i, b) if len > 0 => bytes[i % len] ^= 1 << b,
        Mutation::SetByte(i, v) if len > 0 => bytes[i % len] = v,
        Mutation::Truncate(i) => bytes.truncate(i % (len + 1)),
        Mutation::Insert(i, v) => bytes.insert(i % (len + 1), v),
        Mutation::Remove(i) if len > 0 => {
            bytes.remove(i % len);
        }
        Mutation::DropSignature(i) if count > 0 && len >= 6 + 66 * count => {
            let at = sig(i);
            bytes.drain(at..at + 66);
            bytes[5] -= 1;
        }
        Mutation::SwapSignatures(a, b) if count > 0 && len >= 6 + 66 * count => {
            let (a, b) = (sig(a), sig(b));
            for k in 0..66 {
                bytes.swap(a + k, b + k);
            }
        }
        _ => {}
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        exercise(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_header_never_panic(
        count in any::<u8>(),
        index in prop_oneof![Just(4u32), Just(0), any::<u32>()],
        rest in proptest::collection::vec(any::<u8>(), 0..1500),
    ) {
        let mut bytes = vec![1];
        bytes.extend_from_slice(&index.to_be_bytes());
        bytes.push(count);
        bytes.extend_from_slice(&rest);
        exercise(&bytes);
    }

    #[test]
    fn forged_signatures_never_verify(bytes in forged_vaa()) {
        let vaa = Vaa::parse(&bytes).unwrap();
        let result = vaa.verify(mainnet_set_4(), 0);
        prop_assert!(
            matches!(
                result,
                Err(XchainError::SignatureMismatch { .. } | XchainError::InvalidSignature { .. })
            ),
            "{:?}",
            result
        );
    }

    #[test]
    fn mutated_real_vaas_fail_or_verify_identically(
        which in any::<prop::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let (original, set) = &real_vaas()[which.index(real_vaas().len())];
        let reference = Vaa::parse(original).unwrap();
        let now = i64::from(reference.body().timestamp);
        let expected = reference.verify(set, now).unwrap();
        let mut bytes = original.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        exercise(&bytes);
        if let Ok(verified) = Vaa::parse(&bytes).and_then(|vaa| vaa.verify(set, now)) {
            prop_assert_eq!(verified.body_bytes(), expected.body_bytes());
            prop_assert_eq!(verified.digest(), expected.digest());
            prop_assert_eq!(verified.body(), expected.body());
            prop_assert_eq!(verified.guardian_set_index(), expected.guardian_set_index());
            prop_assert!(verified.signatures_verified() >= set.quorum());
        }
    }

    #[test]
    fn payload_like_bytes_never_panic_and_decode_canonically(bytes in payload_like()) {
        check_payload_canonical(&bytes);
    }

    #[test]
    fn slash_requests_round_trip(
        operator in any::<[u8; 32]>(),
        vault in proptest::option::of(any::<[u8; 32]>()),
        fraction_wad in prop_oneof![Just(0), Just(WAD), 0..=WAD],
        evidence_hash in any::<[u8; 32]>(),
    ) {
        let request = SlashRequest {
            operator,
            target: vault.map_or(SlashTarget::AllVaults, SlashTarget::Vault),
            fraction_wad,
            evidence_hash,
        };
        let bytes = request.encode().unwrap();
        prop_assert_eq!(bytes.len(), SlashRequest::LEN);
        prop_assert_eq!(SlashRequest::decode(&bytes), Ok(request));
        prop_assert_eq!(Payload::decode(&bytes), Ok(Payload::SlashRequest(request)));
    }

    #[test]
    fn slash_fractions_above_wad_are_refused_both_ways(
        excess in 1..=u128::MAX - WAD,
        operator in any::<[u8; 32]>(),
    ) {
        let request = SlashRequest {
            operator,
            target: SlashTarget::AllVaults,
            fraction_wad: WAD + excess,
            evidence_hash: [0; 32],
        };
        let refused = XchainError::FractionAboveWad { wad: WAD + excess };
        prop_assert_eq!(request.encode(), Err(refused));
        let mut bytes = SlashRequest { fraction_wad: WAD, ..request }.encode().unwrap();
        bytes[71..87].copy_from_slice(&(WAD + excess).to_be_bytes());
        prop_assert_eq!(SlashRequest::decode(&bytes), Err(refused));
    }

    #[test]
    fn reward_notices_round_trip(
        vault in any::<[u8; 32]>(),
        operator in any::<[u8; 32]>(),
        mint in any::<[u8; 32]>(),
        amount in any::<u64>(),
        emitter_chain in any::<u16>(),
        emitter_address in any::<[u8; 32]>(),
        sequence in any::<u64>(),
    ) {
        let notice = RewardNotice {
            vault,
            operator,
            mint,
            amount,
            transfer: VaaId { emitter_chain, emitter_address, sequence },
        };
        let bytes = notice.encode();
        prop_assert_eq!(bytes.len(), RewardNotice::LEN);
        prop_assert_eq!(RewardNotice::decode(&bytes), Ok(notice));
        prop_assert_eq!(Payload::decode(&bytes), Ok(Payload::RewardNotice(notice)));
    }

    #[test]
    fn stake_attestations_round_trip(
        vault in any::<[u8; 32]>(),
        operator in any::<[u8; 32]>(),
        stake_lamports in any::<u64>(),
        epoch in any::<u64>(),
        slot in any::<u64>(),
    ) {
        let attestation = StakeAttestation { vault, operator, stake_lamports, epoch, slot };
        let bytes = attestation.encode();
        prop_assert_eq!(bytes.len(), StakeAttestation::LEN);
        prop_assert_eq!(StakeAttestation::decode(&bytes), Ok(attestation));
        prop_assert_eq!(Payload::decode(&bytes), Ok(Payload::StakeAttestation(attestation)));
    }
}

/// A single-bit change of a real VAA is refused wherever it is: every byte of the
/// header and body, and in each signature its index, `v` and both ends of `r` and `s`
/// (every byte of the one-signature VAAs). On the smallest mainnet VAA and the
/// one-signature ones: enough to cover every field, and fast in a debug build.
#[test]
fn every_single_byte_change_of_a_real_vaa_is_refused() {
    let mut checked = 0;
    for (original, set) in real_vaas() {
        let vaa = Vaa::parse(original).unwrap();
        if vaa.signatures().len() > 1 && original.len() != 977 {
            continue;
        }
        checked += 1;
        let now = i64::from(vaa.body().timestamp);
        let in_signature = |at: usize| {
            let offset = (at - 6) % 66;
            vaa.signatures().len() == 1 || [0, 1, 32, 33, 64, 65].contains(&offset)
        };
        let positions =
            (0..original.len()).filter(|&at| at < 6 || at >= vaa.body_offset() || in_signature(at));
        for at in positions {
            let mut bytes = original.clone();
            bytes[at] ^= 1;
            let result = Vaa::parse(&bytes).and_then(|v| v.verify(set, now));
            assert!(
                result.is_err(),
                "byte {at} of a {}-byte VAA",
                original.len()
            );
        }
    }
    assert_eq!(
        checked, 4,
        "2 devnet VAAs, the set-1 upgrade and the small mainnet VAA"
    );
}

/// A relayer may drop signatures above the quorum: the message verifies the same. At
/// the quorum, dropping one is refused; reordering two is refused.
#[test]
fn dropping_extra_signatures_keeps_the_message_and_reordering_breaks_it() {
    let mut extra = 0;
    for (original, set) in real_vaas() {
        let vaa = Vaa::parse(original).unwrap();
        let now = i64::from(vaa.body().timestamp);
        let expected = vaa.verify(set, now).unwrap();
        let signatures: Vec<_> = vaa.signatures().iter().collect();
        for drop in 0..signatures.len() {
            let mut fewer = signatures.clone();
            fewer.remove(drop);
            let bytes =
                xchain::encode_vaa(vaa.guardian_set_index(), &fewer, vaa.body_bytes()).unwrap();
            let result = Vaa::parse(&bytes).unwrap().verify(set, now);
            if signatures.len() > set.quorum() {
                extra += 1;
                let verified = result.unwrap();
                assert_eq!(verified.body_bytes(), expected.body_bytes());
                assert_eq!(verified.digest(), expected.digest());
                assert_eq!(verified.signatures_verified(), signatures.len() - 1);
            } else {
                assert_eq!(
                    result,
                    Err(XchainError::BelowQuorum {
                        signatures: signatures.len() - 1,
                        quorum: set.quorum()
                    })
                );
            }
        }
        if signatures.len() >= 2 {
            let mut swapped = signatures.clone();
            swapped.swap(0, 1);
            let bytes =
                xchain::encode_vaa(vaa.guardian_set_index(), &swapped, vaa.body_bytes()).unwrap();
            assert_eq!(
                Vaa::parse(&bytes).unwrap().verify(set, now),
                Err(XchainError::UnorderedGuardianIndices {
                    previous: signatures[1].guardian_index,
                    next: signatures[0].guardian_index
                })
            );
        }
    }
    assert_eq!(
        extra,
        2 * 14,
        "the two 14-signature upgrade VAAs, each signature dropped once"
    );
}

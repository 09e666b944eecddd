//! The parser and verifier against reality (`shared/fixtures/wormhole/`): every real VAA
//! there parses to exactly the fields its `.expected.json` lists (decoded offline by an
//! independent implementation) and verifies against the guardian set that signed it; and
//! mainnet's chain of guardian-set upgrades is walked from set 0, each upgrade verified
//! under its predecessor, yielding every set as the fixtures list it and as the Solana
//! core bridge's own `GuardianSet` account holds set 4.
mod common;

use base64::Engine as _;
use common::*;
use serde_json::Value;
use xchain::{
    governance::GuardianSetUpgrade, recover_guardian_address, GuardianSet, Vaa, XchainError,
    WORMHOLE_GUARDIAN_SET_EXPIRATION,
};

fn u64_of(value: &Value) -> u64 {
    match value {
        Value::String(s) => s.parse().unwrap_or_else(|e| panic!("{s}: {e}")),
        v => v.as_u64().unwrap_or_else(|| panic!("{v} is not a u64")),
    }
}

/// The set named by an INDEX.json entry's `guardian_addresses_file`, as listed.
fn listed_set_for(entry: &Value) -> GuardianSet {
    let file = entry["guardian_addresses_file"].as_str().unwrap();
    match file.split_once("#sets.") {
        Some(("mainnet_guardian_sets.json", i)) => listed_mainnet_set(i.parse().unwrap()),
        None if file == "devnet_guardian_key.json" => devnet_guardian().0,
        _ => panic!("unknown guardian_addresses_file {file}"),
    }
}

#[test]
fn every_fixture_vaa_parses_to_exactly_its_expected_fields() {
    let entries = index_entries();
    assert_eq!(entries.len(), 13, "INDEX.json lists 13 VAAs");
    for entry in &entries {
        let file = entry["file"].as_str().unwrap();
        let bytes = read_vaa(file);
        let expected = expected_for(file);
        let vaa = Vaa::parse(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));

        assert_eq!(bytes.len() as u64, u64_of(&expected["vaa_len"]), "{file}");
        assert_eq!(bytes.len() as u64, u64_of(&entry["vaa_len"]), "{file}");
        let header = &expected["header"];
        assert_eq!(
            u64::from(vaa.version()),
            u64_of(&header["version"]),
            "{file}"
        );
        assert_eq!(
            u64::from(vaa.guardian_set_index()),
            u64_of(&header["guardian_set_index"]),
            "{file}"
        );
        let listed = header["signatures"].as_array().unwrap();
        assert_eq!(
            vaa.signatures().len() as u64,
            u64_of(&header["num_signatures"])
        );
        assert_eq!(vaa.signatures().len(), listed.len(), "{file}");
        for (signature, listed) in vaa.signatures().iter().zip(listed) {
            assert_eq!(
                u64::from(signature.guardian_index),
                u64_of(&listed["guardian_index"]),
                "{file}"
            );
            assert_eq!(to_hex(signature.r()), listed["r"], "{file}");
            assert_eq!(to_hex(signature.s()), listed["s"], "{file}");
            assert_eq!(
                u64::from(signature.recovery_id),
                u64_of(&listed["v"]),
                "{file}"
            );
        }
        let indices: Vec<u64> = vaa
            .signatures()
            .iter()
            .map(|s| u64::from(s.guardian_index))
            .collect();
        let index_listed: Vec<u64> = entry["signer_guardian_indices"]
            .as_array()
            .unwrap()
            .iter()
            .map(u64_of)
            .collect();
        assert_eq!(indices, index_listed, "{file}");

        assert_eq!(
            vaa.body_offset() as u64,
            u64_of(&expected["body_offset"]),
            "{file}"
        );
        assert_eq!(
            vaa.body_bytes().len() as u64,
            u64_of(&expected["body_len"]),
            "{file}"
        );
        assert_eq!(to_hex(vaa.body_bytes()), expected["body_hex"], "{file}");
        let body = vaa.body();
        let listed_body = &expected["body"];
        assert_eq!(u64::from(body.timestamp), u64_of(&listed_body["timestamp"]));
        assert_eq!(
            u64::from(body.nonce),
            u64_of(&listed_body["nonce"]),
            "{file}"
        );
        assert_eq!(
            u64::from(body.emitter_chain),
            u64_of(&listed_body["emitter_chain"]),
            "{file}"
        );
        assert_eq!(
            to_hex(&body.emitter_address),
            listed_body["emitter_address_hex"],
            "{file}"
        );
        assert_eq!(body.sequence, u64_of(&listed_body["sequence"]), "{file}");
        assert_eq!(
            u64::from(body.consistency_level),
            u64_of(&listed_body["consistency_level"]),
            "{file}"
        );
        assert_eq!(
            body.payload.len() as u64,
            u64_of(&listed_body["payload_len"])
        );
        assert_eq!(to_hex(body.payload), listed_body["payload_hex"], "{file}");
        // INDEX.json agrees.
        assert_eq!(body.emitter_chain as u64, u64_of(&entry["emitter_chain"]));
        assert_eq!(to_hex(&body.emitter_address), entry["emitter_address_hex"]);
        assert_eq!(body.sequence, u64_of(&entry["sequence"]), "{file}");
        assert_eq!(u64::from(body.timestamp), u64_of(&entry["timestamp"]));
        assert_eq!(body.payload.len() as u64, u64_of(&entry["payload_len"]));

        assert_eq!(
            to_hex(&vaa.message_hash()),
            expected["message_hash_keccak256_body"],
            "{file}"
        );
        assert_eq!(
            to_hex(&vaa.digest()),
            expected["digest_keccak256_keccak256_body"],
            "{file}"
        );
        assert_eq!(to_hex(&vaa.digest()), entry["digest"], "{file}");
        assert_eq!(vaa.encode(), bytes, "{file}: re-encoding");
        assert_eq!(xchain::Body::parse(vaa.body_bytes()), Ok(body), "{file}");
        assert_eq!(body.encode(), vaa.body_bytes(), "{file}");
    }
}

#[test]
fn every_fixture_vaa_verifies_against_its_guardian_set_and_recovers_the_listed_signers() {
    let mut mainnet = 0;
    for entry in index_entries() {
        let file = entry["file"].as_str().unwrap();
        let bytes = read_vaa(file);
        let expected = expected_for(file);
        assert_eq!(entry["signatures_valid"], true, "{file}");
        let set = listed_set_for(&entry);
        let vaa = Vaa::parse(&bytes).unwrap();
        let now = i64::from(vaa.body().timestamp);
        let verified = vaa
            .verify(&set, now)
            .unwrap_or_else(|e| panic!("{file} does not verify: {e}"));
        assert_eq!(verified.signatures_verified(), vaa.signatures().len());
        assert_eq!(verified.body_bytes(), vaa.body_bytes());
        assert_eq!(verified.id(), vaa.body().id());

        let digest = vaa.digest();
        let listed = expected["header"]["signatures"].as_array().unwrap();
        for (signature, listed) in vaa.signatures().iter().zip(listed) {
            let recovered = recover_guardian_address(&digest, &signature).unwrap();
            assert_eq!(
                format!("0x{}", to_hex(&recovered)),
                listed["recovered_address"],
                "{file}: guardian {}",
                signature.guardian_index
            );
        }

        let offline = &expected["signatures_verified_offline"];
        assert_eq!(u64_of(&offline["guardian_set_size"]), set.keys.len() as u64);
        assert_eq!(u64_of(&offline["quorum_required"]), set.quorum() as u64);
        if entry["network"] == "mainnet" {
            mainnet += 1;
            assert_eq!(
                (set.keys.len(), set.quorum()),
                match set.index {
                    0 => (1, 1),
                    _ => (19, 13),
                }
            );
            assert!(vaa.signatures().len() >= set.quorum(), "{file}");
        }
    }
    assert_eq!(mainnet, 11, "11 mainnet VAAs: 4 messages and 7 upgrades");
}

/// Walks set 0 → 7. Only set 0 is taken from the listing; every later set is what the
/// previous set's verified upgrade installs, and must equal the listing.
fn walk_mainnet_upgrades() -> Vec<GuardianSet> {
    let listing = fixture_json("mainnet_guardian_sets.json");
    let mut sets = vec![listed_mainnet_set(0)];
    for i in 1..=7u32 {
        let listed = &listing["sets"][i.to_string()];
        let file = listed["installed_by_vaa"].as_str().unwrap();
        let bytes = read_vaa(file);
        let vaa = Vaa::parse(&bytes).unwrap();
        let timestamp = vaa.body().timestamp;
        assert_eq!(
            u64::from(timestamp),
            u64_of(&listed["upgrade_vaa_timestamp"])
        );
        let current = sets.last().unwrap().clone();
        let verified = vaa
            .verify(&current, i64::from(timestamp))
            .unwrap_or_else(|e| panic!("upgrade to set {i} under set {}: {e}", current.index));

        let upgrade = GuardianSetUpgrade::parse(verified.payload()).unwrap();
        let decoded = &expected_for(file)["payload_decoded_guardian_set_upgrade"];
        assert_eq!(decoded["module_ascii"], "Core");
        assert_eq!(u64_of(&decoded["action"]), 2);
        assert_eq!(u64::from(upgrade.chain), u64_of(&decoded["target_chain"]));
        assert_eq!(
            u64::from(upgrade.new_index),
            u64_of(&decoded["new_guardian_set_index"])
        );
        let decoded_keys: Vec<[u8; 20]> = decoded["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| address(k.as_str().unwrap()))
            .collect();
        assert_eq!(upgrade.keys, decoded_keys, "set {i}");
        assert_eq!(
            upgrade.encode().unwrap(),
            verified.payload(),
            "set {i}: re-encoding"
        );

        let rotation = current
            .rotate(&vaa, i64::from(timestamp), WORMHOLE_GUARDIAN_SET_EXPIRATION)
            .unwrap_or_else(|e| panic!("rotation to set {i}: {e}"));
        assert_eq!(rotation.next, listed_mainnet_set(i), "set {i} as listed");
        let expires = timestamp + WORMHOLE_GUARDIAN_SET_EXPIRATION;
        assert_eq!(rotation.previous.expiration_time, expires);
        assert_eq!(rotation.previous.keys, current.keys);

        // The replaced set verifies its own upgrade until the end of the grace period.
        assert!(vaa.verify(&rotation.previous, i64::from(expires)).is_ok());
        assert_eq!(
            vaa.verify(&rotation.previous, i64::from(expires) + 1),
            Err(XchainError::ExpiredGuardianSet {
                index: current.index,
                expiration_time: expires,
                now: i64::from(expires) + 1,
            })
        );
        // Nor does an upgrade verify under the set it installs, or rotate it again.
        assert_eq!(
            vaa.verify(&rotation.next, i64::from(timestamp)),
            Err(XchainError::WrongGuardianSet {
                vaa: current.index,
                set: i,
            })
        );
        assert_eq!(
            rotation.previous.rotate(&vaa, i64::from(timestamp), 0),
            Err(XchainError::NotCurrentGuardianSet {
                index: current.index
            })
        );

        *sets.last_mut().unwrap() = rotation.previous;
        sets.push(rotation.next);
    }
    sets
}

#[test]
fn the_guardian_set_upgrade_chain_from_set_0_yields_every_listed_set() {
    let sets = walk_mainnet_upgrades();
    assert_eq!(sets.len(), 8);
    assert_eq!(sets[0].keys.len(), 1);
    for set in &sets[1..] {
        assert_eq!(
            (set.keys.len(), set.quorum()),
            (19, 13),
            "set {}",
            set.index
        );
    }
    assert!(sets[7].is_current());
    assert!(sets[..7].iter().all(|s| !s.is_current()));

    // The convenience copies of sets 3 and 4 agree with the walked chain.
    for (i, name) in [
        (3, "mainnet_guardian_set_3.json"),
        (4, "mainnet_guardian_set_4.json"),
    ] {
        let listed = fixture_json(name);
        assert_eq!(listed["guardian_set_index"], i);
        let keys: Vec<[u8; 20]> = listed["addresses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| address(a.as_str().unwrap()))
            .collect();
        assert_eq!(keys, sets[i].keys, "{name}");
    }

    // The Solana core bridge's GuardianSet #4 account (index u32 LE, keys as a Borsh
    // Vec<[u8; 20]>, creation_time u32 LE, expiration_time u32 LE) holds the same keys.
    let dump = fixture_json("solana_accounts/mainnet_core_bridge_guardian_set_4.json");
    let data = base64::engine::general_purpose::STANDARD
        .decode(dump["account"]["data"][0].as_str().unwrap())
        .unwrap();
    let u32_le = |at: usize| u32::from_le_bytes(data[at..at + 4].try_into().unwrap());
    assert_eq!(u32_le(0), 4);
    let n = u32_le(4) as usize;
    let keys: Vec<[u8; 20]> = data[8..8 + 20 * n]
        .chunks_exact(20)
        .map(|k| k.try_into().unwrap())
        .collect();
    assert_eq!(keys, sets[4].keys, "on-chain GuardianSet #4");
    let creation_time = u32_le(8 + 20 * n);
    let upgrade_4 = read_vaa("vaa_mainnet_guardian_set_upgrade_4_signed_by_gs3.hex");
    assert_eq!(
        creation_time,
        Vaa::parse(&upgrade_4).unwrap().body().timestamp,
        "set 4 was created at its upgrade VAA's timestamp"
    );
    assert_eq!(
        u32_le(12 + 20 * n),
        0,
        "set 4 was current when the account was dumped"
    );
}

#[test]
fn real_vaas_verify_under_the_walked_sets_and_a_replaced_set_expires() {
    let sets = walk_mainnet_upgrades();
    for entry in index_entries() {
        if entry["network"] != "mainnet" {
            continue;
        }
        let file = entry["file"].as_str().unwrap();
        let bytes = read_vaa(file);
        let vaa = Vaa::parse(&bytes).unwrap();
        let set = &sets[vaa.guardian_set_index() as usize];
        // While the set was current, or within its grace period: valid.
        let signed_at = i64::from(vaa.body().timestamp);
        assert!(vaa.verify(set, signed_at).is_ok(), "{file}");
        assert!(
            vaa.verify(set, i64::from(set.expiration_time)).is_ok(),
            "{file}"
        );
        // After it: refused, as Wormhole's own verify-VAA shim refuses the set-3 VAA.
        let late = i64::from(set.expiration_time) + 1;
        assert_eq!(
            vaa.verify(set, late),
            Err(XchainError::ExpiredGuardianSet {
                index: set.index,
                expiration_time: set.expiration_time,
                now: late,
            }),
            "{file}"
        );
    }
}

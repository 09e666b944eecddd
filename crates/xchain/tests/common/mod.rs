//! Shared by the integration tests: the real-world fixtures (`shared/fixtures/wormhole`,
//! next to the repository) and test-only signing with k256.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use base64::Engine as _;
use k256::ecdsa::SigningKey;
use serde_json::Value;
use xchain::{digest, encode_vaa, message_hash, Body, GuardianSet, GuardianSignature};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/wormhole"
);

/// The fixtures folder; a missing folder fails the test (it must not pass silently).
pub fn fixtures_dir() -> PathBuf {
    let dir = PathBuf::from(FIXTURES);
    assert!(
        dir.join("INDEX.json").is_file(),
        "Wormhole fixtures missing: expected {}/INDEX.json (the `shared/fixtures/wormhole` \
         folder next to the repository)",
        dir.display()
    );
    dir
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", path.display()))
}

pub fn fixture_json(name: &str) -> Value {
    read_json(&fixtures_dir().join(name))
}

pub fn hex(text: &str) -> Vec<u8> {
    let text = text.trim().trim_start_matches("0x");
    assert!(text.len().is_multiple_of(2), "odd-length hex: {text}");
    (0..text.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&text[i..i + 2], 16)
                .unwrap_or_else(|e| panic!("bad hex {text}: {e}"))
        })
        .collect()
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn address(text: &str) -> [u8; 20] {
    hex(text)
        .try_into()
        .unwrap_or_else(|v: Vec<u8>| panic!("{text}: {} bytes, not 20", v.len()))
}

pub fn bytes32(text: &str) -> [u8; 32] {
    hex(text)
        .try_into()
        .unwrap_or_else(|v: Vec<u8>| panic!("{text}: {} bytes, not 32", v.len()))
}

/// A VAA file's bytes (`name` ends in `.hex`); its `.base64` twin must hold the same.
pub fn read_vaa(name: &str) -> Vec<u8> {
    let dir = fixtures_dir();
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let bytes = hex(&text);
    let b64_path = dir.join(name.replace(".hex", ".base64"));
    let b64 = std::fs::read_to_string(&b64_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", b64_path.display()));
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .unwrap_or_else(|e| panic!("{}: bad base64: {e}", b64_path.display()));
    assert_eq!(decoded, bytes, "{name}: hex and base64 files differ");
    bytes
}

/// The entries of INDEX.json.
pub fn index_entries() -> Vec<Value> {
    fixture_json("INDEX.json")["vaas"]
        .as_array()
        .expect("INDEX.json has a vaas array")
        .clone()
}

pub fn expected_for(vaa_file: &str) -> Value {
    fixture_json(&vaa_file.replace(".hex", ".expected.json"))
}

/// `sets.<i>` of mainnet_guardian_sets.json as listed (a current set).
pub fn listed_mainnet_set(i: u32) -> GuardianSet {
    let sets = fixture_json("mainnet_guardian_sets.json");
    let set = &sets["sets"][i.to_string()];
    assert_eq!(set["guardian_set_index"], i, "mainnet set {i}: index");
    let keys: Vec<[u8; 20]> = set["addresses"]
        .as_array()
        .unwrap_or_else(|| panic!("mainnet set {i}: no addresses"))
        .iter()
        .map(|a| address(a.as_str().unwrap()))
        .collect();
    assert_eq!(set["num_guardians"], keys.len(), "mainnet set {i}: size");
    GuardianSet::new(i, keys)
}

/// The devnet guardian's set (index 0, one key) and its private key.
pub fn devnet_guardian() -> (GuardianSet, SigningKey) {
    let key = fixture_json("devnet_guardian_key.json");
    let secret = hex(key["guardian_private_key_hex"].as_str().unwrap());
    let signing_key = SigningKey::from_slice(&secret).expect("devnet key is a valid scalar");
    let set = GuardianSet::new(
        u32::try_from(key["guardian_set_index"].as_u64().unwrap()).unwrap(),
        vec![address(key["guardian_address"].as_str().unwrap())],
    );
    (set, signing_key)
}

/// Ethereum address of a signing key, from its uncompressed public key.
pub fn address_of(key: &SigningKey) -> [u8; 20] {
    let point = key.verifying_key().to_sec1_point(false);
    let uncompressed: [u8; 65] = point.as_bytes().try_into().unwrap();
    assert_eq!(uncompressed[0], 4, "SEC1 uncompressed tag");
    xchain::eth_address(&uncompressed[1..].try_into().unwrap())
}

/// A guardian's signature over `digest` (RFC 6979, low s).
pub fn sign(key: &SigningKey, guardian_index: u8, digest: &[u8; 32]) -> GuardianSignature {
    let (signature, recovery_id) = key.sign_prehash_recoverable(digest);
    GuardianSignature {
        guardian_index,
        signature: signature.to_bytes().as_slice().try_into().unwrap(),
        recovery_id: recovery_id.to_byte(),
    }
}

/// `count` deterministic test guardians: secret key i = keccak256("xchain test guardian" || i).
pub fn test_guardians(count: u8) -> Vec<SigningKey> {
    (0..count)
        .map(|i| {
            let mut seed = b"xchain test guardian".to_vec();
            seed.push(i);
            SigningKey::from_slice(&message_hash(&seed)).expect("a valid secret key")
        })
        .collect()
}

pub fn test_set(index: u32, keys: &[SigningKey]) -> GuardianSet {
    GuardianSet::new(index, keys.iter().map(address_of).collect())
}

/// A body from an Ethereum emitter carrying `payload`.
pub fn test_body(payload: &[u8]) -> Vec<u8> {
    let mut emitter_address = [0u8; 32];
    emitter_address[12..].copy_from_slice(&[0xab; 20]);
    Body {
        timestamp: 1_750_000_000,
        nonce: 7,
        emitter_chain: 2,
        emitter_address,
        sequence: 42,
        consistency_level: 1,
        payload,
    }
    .encode()
}

/// A VAA over `body` signed by `signers` (guardian index, key), in the order given.
pub fn signed_vaa(guardian_set_index: u32, signers: &[(u8, &SigningKey)], body: &[u8]) -> Vec<u8> {
    let digest = digest(body);
    let signatures: Vec<GuardianSignature> = signers
        .iter()
        .map(|(index, key)| sign(key, *index, &digest))
        .collect();
    encode_vaa(guardian_set_index, &signatures, body).unwrap()
}

//! Wormhole VAA v1 parsing and guardian-signature verification, and the protocol's
//! cross-chain payloads (DESIGN.md section 6, "Cross-chain variant").
//!
//! A `Remote` AVS lives on another chain. What it says to Solana (slash this operator,
//! here is a reward) arrives as a Wormhole VAA: a body signed by a quorum of the Wormhole
//! guardians. What Solana says back (this operator has this much stake) leaves as a
//! payload a relayer carries. This crate is the part of that which needs no accounts: the
//! wire formats and the signature check. It is pure (no Anchor, no I/O, no clock of its
//! own) so that the very code the programs will run is tested against real mainnet VAAs
//! and the real chain of guardian-set upgrades (`tests/mainnet.rs`).
//!
//! # What it checks, and why
//!
//! - [`Vaa::parse`] reads the wire format without copying the body or the payload
//!   ([`Vaa`] and [`Body`] borrow the input) and never panics: every malformed input is a
//!   specific [`XchainError`] (`tests/fuzz.rs` feeds it arbitrary and mutated bytes).
//! - [`verify_vaa`] accepts a VAA only if all of these hold, checking everything cheap
//!   before the first `secp256k1_recover` (25,000 compute units each on chain):
//!   the VAA names the guardian set it is given; that set is not expired at `now`; it has
//!   no more signatures than the set has guardians and at least the quorum
//!   `floor(2n/3) + 1`; guardian indices strictly increase (so no guardian counts twice)
//!   and lie in the set; each recovery id is 0 or 1 and each `s` is in the lower half of
//!   the curve order; and **every** signature recovers to the set's key at its index.
//!   The signed digest is `keccak256(keccak256(body))`, the address of a key is the last
//!   20 bytes of `keccak256` of its uncompressed 64-byte public key, as on Ethereum.
//! - Every signature present must be valid, not merely a quorum of them (Wormhole's
//!   Ethereum contract does the same): a VAA with a bad signature is malformed, and a
//!   relayer that wants to save compute units re-encodes the VAA with exactly a quorum of
//!   signatures ([`encode_vaa`]); the body and so the digest do not change.
//! - High-`s` signatures are refused ([`XchainError::NonCanonicalSignature`]). Guardians
//!   sign with low `s`; the on-chain syscall would accept both halves but the off-chain
//!   implementation of `solana-secp256k1-recover` refuses the high one, so without this
//!   check the tests and the program could disagree about the same bytes.
//! - Guardian-set expiry follows Wormhole: a set's `expiration_time` is 0 while it is
//!   current; when it is replaced the old set stays valid until `expiration_time`
//!   inclusive (86,400 s after the upgrade on Wormhole's networks), then refuses every
//!   VAA ([`GuardianSet::rotate`] applies an upgrade).
//! - Not here, because they need accounts: checking the emitter against the `Avs` account
//!   and recording `(chain, emitter, sequence)` once ([`Body::id`]) against replay.
//!
//! # Payloads
//!
//! The protocol's own messages ([`payload`]) are versioned and big-endian, with a magic
//! prefix, a version byte and a type byte; their byte layouts are tabled in the module.
//! Decoding is canonical: any bytes that decode encode back to exactly the same bytes.
//!
//! # Numbers for the programs
//!
//! [`vaa_len`], [`quorum`], [`signature_recoveries_needed`] and
//! [`verify_compute_units`]; `cargo run -p xchain --example sizes` prints them for a
//! mainnet-sized guardian set (19 guardians, quorum 13).
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::arithmetic_side_effects,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::unreachable,
        clippy::cast_possible_truncation
    )
)]

mod error;
pub mod governance;
pub mod guardian;
pub mod payload;
mod reader;
#[cfg(feature = "signing")]
pub mod signing;
pub mod sizes;
pub mod vaa;

pub use error::{Part, XchainError};
pub use governance::{
    GuardianSetRotation, GuardianSetUpgrade, CORE_MODULE, GOVERNANCE_CHAIN, GOVERNANCE_EMITTER,
    SOLANA_CHAIN, WORMHOLE_GUARDIAN_SET_EXPIRATION,
};
pub use guardian::{
    eth_address, quorum, recover_guardian_address, verify_signatures, verify_vaa, GuardianSet,
    VerifiedVaa,
};
pub use payload::{
    payload_type, Payload, PayloadType, RewardNotice, SlashRequest, SlashTarget, StakeAttestation,
    WAD,
};
pub use sizes::{
    signature_recoveries_needed, vaa_len, verify_compute_units, SECP256K1_RECOVER_COMPUTE_UNITS,
};
pub use vaa::{digest, encode_vaa, message_hash, Body, GuardianSignature, Signatures, Vaa, VaaId};

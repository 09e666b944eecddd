//! One error per way a message can be wrong, so that a refusal says what to fix.
use crate::payload::PayloadType;

/// The part of a message in which the input ended too early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Part {
    /// Version, guardian-set index and signature count (6 bytes).
    #[error("header")]
    Header,
    /// The signatures announced by the header (66 bytes each).
    #[error("signatures")]
    Signatures,
    /// The fixed fields of the body, before the payload (51 bytes).
    #[error("body")]
    Body,
    /// Magic, version and type of one of the protocol's payloads (6 bytes).
    #[error("payload header")]
    PayloadHeader,
    /// A governance payload (module, action, chain, ...).
    #[error("governance payload")]
    Governance,
}

/// Everything that can be wrong with a VAA, a guardian set or a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum XchainError {
    /// `needed` and `available` count bytes from the start of the input given to the
    /// parser (the whole VAA for a VAA, the payload for a payload).
    #[error("input ends in the {part}: {needed} bytes needed, {available} available")]
    Truncated {
        part: Part,
        needed: usize,
        available: usize,
    },
    #[error("VAA version {version} is not supported (only version 1)")]
    WrongVersion { version: u8 },
    #[error("{count} signatures cannot be encoded: the wire format counts them in one byte")]
    TooManySignaturesToEncode { count: usize },
    #[error("{count} signatures but the guardian set has only {set_size} guardians")]
    TooManySignatures { count: usize, set_size: usize },
    #[error("{signatures} signatures, below the quorum of {quorum}")]
    BelowQuorum { signatures: usize, quorum: usize },
    #[error("the VAA is signed by guardian set {vaa} but guardian set {set} was given")]
    WrongGuardianSet { vaa: u32, set: u32 },
    #[error("guardian set {index} has no guardians")]
    EmptyGuardianSet { index: u32 },
    #[error("guardian set {index} expired at {expiration_time} (now {now}): it was replaced")]
    ExpiredGuardianSet {
        index: u32,
        expiration_time: u32,
        now: i64,
    },
    #[error("guardian index {guardian_index} appears twice")]
    DuplicateGuardianIndex { guardian_index: u8 },
    #[error("guardian index {next} follows {previous}: indices must strictly increase")]
    UnorderedGuardianIndices { previous: u8, next: u8 },
    #[error("guardian index {guardian_index} is outside the set of {set_size} guardians")]
    GuardianIndexOutOfSet { guardian_index: u8, set_size: usize },
    #[error("guardian {guardian_index}: recovery id {recovery_id} is not 0 or 1")]
    BadRecoveryId { guardian_index: u8, recovery_id: u8 },
    #[error("guardian {guardian_index}: signature has a high s (not canonical)")]
    NonCanonicalSignature { guardian_index: u8 },
    #[error("guardian {guardian_index}: not a valid secp256k1 signature")]
    InvalidSignature { guardian_index: u8 },
    #[error("guardian {guardian_index}: signature does not recover to that guardian's key")]
    SignatureMismatch { guardian_index: u8 },

    #[error("payload magic {magic:02x?} is not the protocol's")]
    PayloadWrongMagic { magic: [u8; 4] },
    #[error("payload version {version} is not supported (only version 1)")]
    PayloadWrongVersion { version: u8 },
    #[error("payload type {payload_type} is unknown")]
    UnknownPayloadType { payload_type: u8 },
    #[error("payload is a {found:?}, a {expected:?} was expected")]
    PayloadWrongType {
        expected: PayloadType,
        found: PayloadType,
    },
    #[error("a {payload_type:?} payload is {expected} bytes, got {got}")]
    PayloadLength {
        payload_type: PayloadType,
        expected: usize,
        got: usize,
    },
    #[error("slash fraction {wad} is above 1e18 (100%)")]
    FractionAboveWad { wad: u128 },
    #[error("slash target tag {tag} is unknown (0 = all vaults, 1 = one vault)")]
    UnknownSlashTarget { tag: u8 },
    #[error("slash target \"all vaults\" must carry 32 zero bytes")]
    NonCanonicalSlashTarget,

    #[error("not a governance message: the emitter (chain {chain}) is not Wormhole's governance emitter")]
    NotGovernanceEmitter { chain: u16, address: [u8; 32] },
    #[error("governance module is not \"Core\"")]
    GovernanceWrongModule { module: [u8; 32] },
    #[error("governance action {action} is not a guardian-set upgrade (2)")]
    GovernanceWrongAction { action: u8 },
    #[error("governance message for chain {chain}, not Solana (1) or all chains (0)")]
    GovernanceWrongChain { chain: u16 },
    #[error("guardian-set upgrade with {keys} keys is {expected} bytes, got {got}")]
    GovernanceLength {
        keys: u8,
        expected: usize,
        got: usize,
    },
    #[error("guardian-set upgrade installs set {new} after set {current}: must be the next")]
    UpgradeIndexNotNext { current: u32, new: u32 },
    #[error("guardian set {index} was already replaced: only the current set is upgraded")]
    NotCurrentGuardianSet { index: u32 },
    #[error("guardian-set upgrade: the key at position {position} repeats an earlier one")]
    DuplicateGuardianKey { position: usize },
    #[error("guardian-set upgrade: the key at position {position} is the zero address")]
    ZeroGuardianKey { position: usize },
    #[error("guardian set {index} has {keys} keys: at most 255 can be indexed")]
    GuardianSetTooLarge { index: u32, keys: usize },
    #[error("time {now} plus {period} s does not fit a u32 expiration time")]
    ExpirationOutOfRange { now: i64, period: u32 },
}

//! The protocol's own cross-chain messages, carried as VAA payloads (version 1).
//!
//! Every payload starts with the same 6 bytes, so a message for another application, a
//! future version or the wrong type is refused before any field is read:
//!
//! | offset | size | field                                                          |
//! |--------|------|----------------------------------------------------------------|
//! | 0      | 4    | magic `"LRTX"` (`4c 52 54 58`)                                 |
//! | 4      | 1    | version, 1                                                     |
//! | 5      | 1    | type: 1 `SlashRequest`, 2 `RewardNotice`, 3 `StakeAttestation` |
//!
//! Integers are big-endian (Wormhole's convention, so an EVM emitter writes them with
//! `abi.encodePacked`); addresses are Solana account addresses (32 bytes). Each type has
//! one exact length: a longer or shorter payload is refused, not truncated or padded, so
//! that decoding is canonical (bytes that decode encode back to themselves) and a later
//! version that adds fields needs a new version byte. Which AVS sent a message is not in
//! the payload: it is the VAA's emitter, which the registry checks against the `Avs`
//! account.
//!
//! # `SlashRequest` (type 1, 119 bytes): AVS → Solana
//!
//! | offset | size | field                                                           |
//! |--------|------|-----------------------------------------------------------------|
//! | 6      | 32   | `operator`: the registry's `Operator` account to slash          |
//! | 38     | 1    | target tag: 0 = every vault the operator holds stake of, 1 = one vault |
//! | 39     | 32   | target vault (the vault account); 32 zero bytes when the tag is 0 |
//! | 71     | 16   | `fraction_wad` (u128): share of the stake to take, 1e18 = 100%, at most 1e18 |
//! | 87     | 32   | `evidence_hash`: hash of the evidence, for the veto authority   |
//!
//! The operator is named by its `Operator` account, a PDA of this deployment's registry,
//! so a request cannot be replayed against another deployment that registered the same
//! emitter: the account it names does not exist there. The request then follows the
//! same veto and execution path as a local one (DESIGN.md section 6); zero fractions and
//! the AVS's maximum are the registry's to refuse.
//!
//! # `RewardNotice` (type 2, 152 bytes): AVS → Solana
//!
//! | offset | size | field                                                          |
//! |--------|------|----------------------------------------------------------------|
//! | 6      | 32   | `vault`: the vault whose restakers earned the reward           |
//! | 38     | 32   | `operator`: the `Operator` account whose work earned it        |
//! | 70     | 32   | `mint`: the Solana mint the reward arrives in                  |
//! | 102    | 8    | `amount` (u64): base units of `mint`                           |
//! | 110    | 2    | `transfer.emitter_chain` (u16)                                 |
//! | 112    | 32   | `transfer.emitter_address`                                     |
//! | 144    | 8    | `transfer.sequence` (u64)                                      |
//!
//! The reward's tokens do not travel in the notice: they come separately, by a token
//! transfer (e.g. Wormhole's Token Bridge) that has its own VAA. `transfer` is that
//! VAA's id `(emitter chain, emitter address, sequence)`, the same triple the Token
//! Bridge derives its claim account from, so the program can check that the transfer was
//! redeemed to the reward account and attribute each transfer once. A hash of the
//! transfer would identify it too, but could not be checked against an account.
//!
//! # `StakeAttestation` (type 3, 94 bytes): Solana → AVS
//!
//! | offset | size | field                                                          |
//! |--------|------|----------------------------------------------------------------|
//! | 6      | 32   | `vault`: the vault account                                     |
//! | 38     | 32   | `operator`: the `Operator` account                             |
//! | 70     | 8    | `stake_lamports` (u64): value of the vault's stake allocated to the operator, in lamports |
//! | 78     | 8    | `epoch` (u64): the restaking epoch the stake is active in      |
//! | 86     | 8    | `slot` (u64): the Solana slot at which it was read             |
//!
//! Written by `publish_stake_attestation(vault, operator)` into a sequenced message
//! account that a relayer carries to the AVS's chain.
use crate::{reader::Reader, reader::Writer, vaa::VaaId, Part, XchainError};

/// 1e18: a fraction of 100%.
pub const WAD: u128 = 1_000_000_000_000_000_000;
/// `"LRTX"`: liquid restaking, cross-chain.
pub const PAYLOAD_MAGIC: [u8; 4] = *b"LRTX";
pub const PAYLOAD_VERSION: u8 = 1;
/// Magic, version, type.
pub const PAYLOAD_HEADER_LEN: usize = 6;

/// The type byte of a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PayloadType {
    SlashRequest = 1,
    RewardNotice = 2,
    StakeAttestation = 3,
}

impl PayloadType {
    pub fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            1 => Some(Self::SlashRequest),
            2 => Some(Self::RewardNotice),
            3 => Some(Self::StakeAttestation),
            _ => None,
        }
    }

    /// The exact length of a payload of this type, header included.
    pub fn encoded_len(self) -> usize {
        match self {
            Self::SlashRequest => SlashRequest::LEN,
            Self::RewardNotice => RewardNotice::LEN,
            Self::StakeAttestation => StakeAttestation::LEN,
        }
    }

    fn header(self) -> [u8; PAYLOAD_HEADER_LEN] {
        let [m0, m1, m2, m3] = PAYLOAD_MAGIC;
        [m0, m1, m2, m3, PAYLOAD_VERSION, self as u8]
    }
}

/// The type of a payload, after checking its magic and version (not its length).
pub fn payload_type(bytes: &[u8]) -> Result<PayloadType, XchainError> {
    let mut r = Reader::new(bytes, Part::PayloadHeader);
    let magic = *r.array::<4>()?;
    let version = r.u8()?;
    let payload_type = r.u8()?;
    if magic != PAYLOAD_MAGIC {
        return Err(XchainError::PayloadWrongMagic { magic });
    }
    if version != PAYLOAD_VERSION {
        return Err(XchainError::PayloadWrongVersion { version });
    }
    PayloadType::from_byte(payload_type).ok_or(XchainError::UnknownPayloadType { payload_type })
}

/// A reader past the header of a payload that must be of type `expected`, whose length
/// has been checked.
fn open(bytes: &[u8], expected: PayloadType) -> Result<Reader<'_>, XchainError> {
    let found = payload_type(bytes)?;
    if found != expected {
        return Err(XchainError::PayloadWrongType { expected, found });
    }
    if bytes.len() != expected.encoded_len() {
        return Err(XchainError::PayloadLength {
            payload_type: expected,
            expected: expected.encoded_len(),
            got: bytes.len(),
        });
    }
    let mut r = Reader::new(bytes, Part::PayloadHeader);
    r.take(PAYLOAD_HEADER_LEN)?;
    Ok(r)
}

/// Which vaults a slash applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashTarget {
    /// Every vault the operator holds stake of (tag 0).
    AllVaults,
    /// One vault account (tag 1).
    Vault([u8; 32]),
}

impl SlashTarget {
    const TAG_ALL: u8 = 0;
    const TAG_VAULT: u8 = 1;
}

/// A remote AVS asks to slash an operator (type 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlashRequest {
    pub operator: [u8; 32],
    pub target: SlashTarget,
    /// At most [`WAD`].
    pub fraction_wad: u128,
    pub evidence_hash: [u8; 32],
}

impl SlashRequest {
    pub const LEN: usize = PAYLOAD_HEADER_LEN + 32 + 1 + 32 + 16 + 32;

    pub fn decode(bytes: &[u8]) -> Result<Self, XchainError> {
        let mut r = open(bytes, PayloadType::SlashRequest)?;
        let operator = *r.array()?;
        let tag = r.u8()?;
        let vault = *r.array::<32>()?;
        let target = match tag {
            SlashTarget::TAG_ALL if vault == [0; 32] => SlashTarget::AllVaults,
            SlashTarget::TAG_ALL => return Err(XchainError::NonCanonicalSlashTarget),
            SlashTarget::TAG_VAULT => SlashTarget::Vault(vault),
            tag => return Err(XchainError::UnknownSlashTarget { tag }),
        };
        let fraction_wad = r.u128()?;
        if fraction_wad > WAD {
            return Err(XchainError::FractionAboveWad { wad: fraction_wad });
        }
        Ok(Self {
            operator,
            target,
            fraction_wad,
            evidence_hash: *r.array()?,
        })
    }

    /// Refuses a fraction above [`WAD`], which [`Self::decode`] would refuse.
    pub fn encode(&self) -> Result<[u8; Self::LEN], XchainError> {
        if self.fraction_wad > WAD {
            return Err(XchainError::FractionAboveWad {
                wad: self.fraction_wad,
            });
        }
        let (tag, vault) = match self.target {
            SlashTarget::AllVaults => (SlashTarget::TAG_ALL, [0; 32]),
            SlashTarget::Vault(vault) => (SlashTarget::TAG_VAULT, vault),
        };
        let mut w = Writer::<{ Self::LEN }>::new();
        w.put(&PayloadType::SlashRequest.header())
            .put(&self.operator)
            .put(&[tag])
            .put(&vault)
            .put(&self.fraction_wad.to_be_bytes())
            .put(&self.evidence_hash);
        Ok(w.finish())
    }
}

/// A remote AVS says it paid a reward (type 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RewardNotice {
    pub vault: [u8; 32],
    pub operator: [u8; 32],
    pub mint: [u8; 32],
    pub amount: u64,
    /// The VAA id of the token transfer that carried the reward.
    pub transfer: VaaId,
}

impl RewardNotice {
    pub const LEN: usize = PAYLOAD_HEADER_LEN + 32 + 32 + 32 + 8 + 2 + 32 + 8;

    pub fn decode(bytes: &[u8]) -> Result<Self, XchainError> {
        let mut r = open(bytes, PayloadType::RewardNotice)?;
        Ok(Self {
            vault: *r.array()?,
            operator: *r.array()?,
            mint: *r.array()?,
            amount: r.u64()?,
            transfer: VaaId {
                emitter_chain: r.u16()?,
                emitter_address: *r.array()?,
                sequence: r.u64()?,
            },
        })
    }

    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut w = Writer::<{ Self::LEN }>::new();
        w.put(&PayloadType::RewardNotice.header())
            .put(&self.vault)
            .put(&self.operator)
            .put(&self.mint)
            .put(&self.amount.to_be_bytes())
            .put(&self.transfer.emitter_chain.to_be_bytes())
            .put(&self.transfer.emitter_address)
            .put(&self.transfer.sequence.to_be_bytes());
        w.finish()
    }
}

/// Solana tells an AVS how much stake backs an operator (type 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StakeAttestation {
    pub vault: [u8; 32],
    pub operator: [u8; 32],
    pub stake_lamports: u64,
    pub epoch: u64,
    pub slot: u64,
}

impl StakeAttestation {
    pub const LEN: usize = PAYLOAD_HEADER_LEN + 32 + 32 + 8 + 8 + 8;

    pub fn decode(bytes: &[u8]) -> Result<Self, XchainError> {
        let mut r = open(bytes, PayloadType::StakeAttestation)?;
        Ok(Self {
            vault: *r.array()?,
            operator: *r.array()?,
            stake_lamports: r.u64()?,
            epoch: r.u64()?,
            slot: r.u64()?,
        })
    }

    pub fn encode(&self) -> [u8; Self::LEN] {
        let mut w = Writer::<{ Self::LEN }>::new();
        w.put(&PayloadType::StakeAttestation.header())
            .put(&self.vault)
            .put(&self.operator)
            .put(&self.stake_lamports.to_be_bytes())
            .put(&self.epoch.to_be_bytes())
            .put(&self.slot.to_be_bytes());
        w.finish()
    }
}

/// Any of the protocol's payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    SlashRequest(SlashRequest),
    RewardNotice(RewardNotice),
    StakeAttestation(StakeAttestation),
}

impl Payload {
    pub fn decode(bytes: &[u8]) -> Result<Self, XchainError> {
        Ok(match payload_type(bytes)? {
            PayloadType::SlashRequest => Self::SlashRequest(SlashRequest::decode(bytes)?),
            PayloadType::RewardNotice => Self::RewardNotice(RewardNotice::decode(bytes)?),
            PayloadType::StakeAttestation => {
                Self::StakeAttestation(StakeAttestation::decode(bytes)?)
            }
        })
    }

    pub fn payload_type(&self) -> PayloadType {
        match self {
            Self::SlashRequest(_) => PayloadType::SlashRequest,
            Self::RewardNotice(_) => PayloadType::RewardNotice,
            Self::StakeAttestation(_) => PayloadType::StakeAttestation,
        }
    }

    pub fn encode(&self) -> Result<Vec<u8>, XchainError> {
        Ok(match self {
            Self::SlashRequest(p) => p.encode()?.to_vec(),
            Self::RewardNotice(p) => p.encode().to_vec(),
            Self::StakeAttestation(p) => p.encode().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> SlashRequest {
        SlashRequest {
            operator: [0xa1; 32],
            target: SlashTarget::Vault([0xb2; 32]),
            fraction_wad: WAD / 4,
            evidence_hash: [0xc3; 32],
        }
    }

    #[test]
    fn wad_is_the_vaults_wad() {
        assert_eq!(WAD, restaking_math::WAD);
    }

    #[test]
    fn lengths_are_the_documented_ones() {
        assert_eq!(SlashRequest::LEN, 119);
        assert_eq!(RewardNotice::LEN, 152);
        assert_eq!(StakeAttestation::LEN, 94);
        assert_eq!(&PAYLOAD_MAGIC, &[0x4c, 0x52, 0x54, 0x58]);
    }

    #[test]
    fn slash_request_fields_sit_at_the_documented_offsets() {
        let bytes = request().encode().unwrap();
        assert_eq!(&bytes[..6], &[0x4c, 0x52, 0x54, 0x58, 1, 1]);
        assert_eq!(&bytes[6..38], &[0xa1; 32]);
        assert_eq!(bytes[38], 1);
        assert_eq!(&bytes[39..71], &[0xb2; 32]);
        assert_eq!(&bytes[71..87], &(WAD / 4).to_be_bytes());
        assert_eq!(&bytes[87..119], &[0xc3; 32]);
        let all = SlashRequest {
            target: SlashTarget::AllVaults,
            ..request()
        }
        .encode()
        .unwrap();
        assert_eq!(all[38], 0);
        assert_eq!(&all[39..71], &[0; 32]);
    }

    #[test]
    fn reward_notice_fields_sit_at_the_documented_offsets() {
        let notice = RewardNotice {
            vault: [1; 32],
            operator: [2; 32],
            mint: [3; 32],
            amount: 0x0102_0304_0506_0708,
            transfer: VaaId {
                emitter_chain: 0x0a0b,
                emitter_address: [4; 32],
                sequence: 0x1112_1314_1516_1718,
            },
        };
        let bytes = notice.encode();
        assert_eq!(&bytes[..6], &[0x4c, 0x52, 0x54, 0x58, 1, 2]);
        assert_eq!(&bytes[6..38], &[1; 32]);
        assert_eq!(&bytes[38..70], &[2; 32]);
        assert_eq!(&bytes[70..102], &[3; 32]);
        assert_eq!(&bytes[102..110], &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(&bytes[110..112], &[0x0a, 0x0b]);
        assert_eq!(&bytes[112..144], &[4; 32]);
        assert_eq!(
            &bytes[144..152],
            &[0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18]
        );
    }

    #[test]
    fn stake_attestation_fields_sit_at_the_documented_offsets() {
        let attestation = StakeAttestation {
            vault: [5; 32],
            operator: [6; 32],
            stake_lamports: 7,
            epoch: 8,
            slot: 9,
        };
        let bytes = attestation.encode();
        assert_eq!(&bytes[..6], &[0x4c, 0x52, 0x54, 0x58, 1, 3]);
        assert_eq!(&bytes[6..38], &[5; 32]);
        assert_eq!(&bytes[38..70], &[6; 32]);
        assert_eq!(&bytes[70..78], &7u64.to_be_bytes());
        assert_eq!(&bytes[78..86], &8u64.to_be_bytes());
        assert_eq!(&bytes[86..94], &9u64.to_be_bytes());
    }

    #[test]
    fn each_malformed_payload_has_its_error() {
        let good = request().encode().unwrap();

        assert_eq!(
            SlashRequest::decode(&good[..5]),
            Err(XchainError::Truncated {
                part: Part::PayloadHeader,
                needed: 6,
                available: 5
            })
        );
        let mut magic = good;
        magic[0] = b'X';
        assert_eq!(
            SlashRequest::decode(&magic),
            Err(XchainError::PayloadWrongMagic { magic: *b"XRTX" })
        );
        let mut version = good;
        version[4] = 2;
        assert_eq!(
            Payload::decode(&version),
            Err(XchainError::PayloadWrongVersion { version: 2 })
        );
        let mut unknown = good;
        unknown[5] = 9;
        assert_eq!(
            Payload::decode(&unknown),
            Err(XchainError::UnknownPayloadType { payload_type: 9 })
        );
        assert_eq!(
            RewardNotice::decode(&good),
            Err(XchainError::PayloadWrongType {
                expected: PayloadType::RewardNotice,
                found: PayloadType::SlashRequest
            })
        );
        let mut long = good.to_vec();
        long.push(0);
        assert_eq!(
            SlashRequest::decode(&long),
            Err(XchainError::PayloadLength {
                payload_type: PayloadType::SlashRequest,
                expected: 119,
                got: 120
            })
        );
        assert_eq!(
            Payload::decode(&good[..118]),
            Err(XchainError::PayloadLength {
                payload_type: PayloadType::SlashRequest,
                expected: 119,
                got: 118
            })
        );
        let mut above = good;
        above[71..87].copy_from_slice(&(WAD + 1).to_be_bytes());
        assert_eq!(
            SlashRequest::decode(&above),
            Err(XchainError::FractionAboveWad { wad: WAD + 1 })
        );
        let mut exactly = good;
        exactly[71..87].copy_from_slice(&WAD.to_be_bytes());
        assert_eq!(SlashRequest::decode(&exactly).unwrap().fraction_wad, WAD);
        let mut tag = good;
        tag[38] = 2;
        assert_eq!(
            SlashRequest::decode(&tag),
            Err(XchainError::UnknownSlashTarget { tag: 2 })
        );
        let mut all_with_vault = good;
        all_with_vault[38] = 0;
        assert_eq!(
            SlashRequest::decode(&all_with_vault),
            Err(XchainError::NonCanonicalSlashTarget)
        );
        assert_eq!(
            SlashRequest {
                fraction_wad: u128::MAX,
                ..request()
            }
            .encode(),
            Err(XchainError::FractionAboveWad { wad: u128::MAX })
        );
    }
}

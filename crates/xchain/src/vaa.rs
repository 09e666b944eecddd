//! The Wormhole VAA v1 wire format, read without copying the body.
//!
//! All integers are big-endian. A VAA is a header, the guardians' signatures, and the
//! body they sign:
//!
//! | offset            | size    | field                                          |
//! |-------------------|---------|------------------------------------------------|
//! | 0                 | 1       | version, always 1                              |
//! | 1                 | 4       | guardian-set index (u32)                       |
//! | 5                 | 1       | number of signatures `k` (u8)                  |
//! | 6 + 66 i          | 1       | signature i: guardian index (u8)               |
//! | 6 + 66 i + 1      | 32      | signature i: r                                 |
//! | 6 + 66 i + 33     | 32      | signature i: s                                 |
//! | 6 + 66 i + 65     | 1       | signature i: recovery id v (0 or 1)            |
//! | `b` = 6 + 66 k    | 4       | body: timestamp (u32, seconds)                 |
//! | b + 4             | 4       | body: nonce (u32)                              |
//! | b + 8             | 2       | body: emitter chain (u16, Wormhole chain id)   |
//! | b + 10            | 32      | body: emitter address                          |
//! | b + 42            | 8       | body: sequence (u64)                           |
//! | b + 50            | 1       | body: consistency level (u8)                   |
//! | b + 51            | rest    | body: payload                                  |
//!
//! The guardians sign the body only: the digest is [`digest`] =
//! `keccak256(keccak256(body))` (Wormhole's "hash" is the inner `keccak256(body)`,
//! [`message_hash`]). A VAA's identity, for replay protection, is its [`VaaId`]
//! `(emitter chain, emitter address, sequence)`, not its bytes: the same body can travel
//! with different (valid) sets of signatures.
use crate::{reader::Reader, Part, XchainError};

/// The only VAA version there is.
pub const VAA_VERSION: u8 = 1;
/// Version, guardian-set index, signature count.
pub const HEADER_LEN: usize = 6;
/// Guardian index, r, s, recovery id.
pub const SIGNATURE_LEN: usize = 66;
/// Body bytes before the payload.
pub const BODY_FIXED_LEN: usize = 51;

/// `keccak256(body)`: what Wormhole calls the VAA's hash.
pub fn message_hash(body: &[u8]) -> [u8; 32] {
    solana_keccak_hasher::hash(body).to_bytes()
}

/// `keccak256(keccak256(body))`: the 32 bytes the guardians sign.
pub fn digest(body: &[u8]) -> [u8; 32] {
    solana_keccak_hasher::hash(&message_hash(body)).to_bytes()
}

/// One guardian's signature as it sits on the wire (66 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardianSignature {
    /// Position of the signer in the guardian set.
    pub guardian_index: u8,
    /// `r || s`, 32 bytes each, big-endian.
    pub signature: [u8; 64],
    /// Which of the candidate public keys is the signer's: 0 or 1 in a valid VAA.
    pub recovery_id: u8,
}

impl GuardianSignature {
    pub fn from_bytes(bytes: &[u8; SIGNATURE_LEN]) -> Self {
        let [guardian_index, signature @ .., recovery_id] = *bytes;
        Self {
            guardian_index,
            signature,
            recovery_id,
        }
    }

    pub fn to_bytes(&self) -> [u8; SIGNATURE_LEN] {
        let mut out = [0; SIGNATURE_LEN];
        let [index, signature @ .., v] = &mut out;
        *index = self.guardian_index;
        *signature = self.signature;
        *v = self.recovery_id;
        out
    }

    /// The signature's `r` (32 bytes, big-endian).
    pub fn r(&self) -> &[u8] {
        self.signature.split_at(32).0
    }

    /// The signature's `s` (32 bytes, big-endian).
    pub fn s(&self) -> &[u8] {
        self.signature.split_at(32).1
    }
}

/// The signatures of a VAA, borrowed from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signatures<'a>(&'a [[u8; SIGNATURE_LEN]]);

impl<'a> Signatures<'a> {
    /// Signatures packed back to back (a multiple of 66 bytes), as in a VAA or a buffer
    /// account that holds them.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, XchainError> {
        let (chunks, rest) = bytes.as_chunks::<SIGNATURE_LEN>();
        if rest.is_empty() {
            Ok(Self(chunks))
        } else {
            Err(XchainError::Truncated {
                part: Part::Signatures,
                needed: chunks.len().saturating_add(1).saturating_mul(SIGNATURE_LEN),
                available: bytes.len(),
            })
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<GuardianSignature> {
        self.0.get(i).map(GuardianSignature::from_bytes)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = GuardianSignature> + Clone + 'a {
        self.0.iter().map(GuardianSignature::from_bytes)
    }

    /// The signatures' wire bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0.as_flattened()
    }
}

/// Who sent a message and its number: unique per message, so the key for replay
/// protection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VaaId {
    pub emitter_chain: u16,
    pub emitter_address: [u8; 32],
    pub sequence: u64,
}

/// A VAA body; the payload is borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body<'a> {
    /// Seconds since the Unix epoch, as observed by the guardians on the source chain.
    pub timestamp: u32,
    pub nonce: u32,
    /// Wormhole chain id of the emitter's chain (1 = Solana, 2 = Ethereum, ...).
    pub emitter_chain: u16,
    /// The emitter, left-padded to 32 bytes for 20-byte addresses.
    pub emitter_address: [u8; 32],
    /// The emitter's message counter.
    pub sequence: u64,
    /// The finality the emitter asked the guardians to wait for.
    pub consistency_level: u8,
    pub payload: &'a [u8],
}

impl<'a> Body<'a> {
    /// A body on its own (e.g. as stored after verification).
    pub fn parse(bytes: &'a [u8]) -> Result<Self, XchainError> {
        Self::read(&mut Reader::new(bytes, Part::Body))
    }

    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, XchainError> {
        r.enter(Part::Body);
        Ok(Self {
            timestamp: r.u32()?,
            nonce: r.u32()?,
            emitter_chain: r.u16()?,
            emitter_address: *r.array()?,
            sequence: r.u64()?,
            consistency_level: r.u8()?,
            payload: r.rest(),
        })
    }

    pub fn id(&self) -> VaaId {
        VaaId {
            emitter_chain: self.emitter_chain,
            emitter_address: self.emitter_address,
            sequence: self.sequence,
        }
    }

    /// `BODY_FIXED_LEN + payload length` (a slice is never long enough to overflow it).
    pub fn encoded_len(&self) -> usize {
        BODY_FIXED_LEN.saturating_add(self.payload.len())
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.nonce.to_be_bytes());
        out.extend_from_slice(&self.emitter_chain.to_be_bytes());
        out.extend_from_slice(&self.emitter_address);
        out.extend_from_slice(&self.sequence.to_be_bytes());
        out.push(self.consistency_level);
        out.extend_from_slice(self.payload);
        out
    }
}

/// A parsed VAA. Parsing checks the format only; [`crate::verify_vaa`] checks the
/// signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vaa<'a> {
    guardian_set_index: u32,
    signatures: Signatures<'a>,
    body: Body<'a>,
    body_bytes: &'a [u8],
}

impl<'a> Vaa<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, XchainError> {
        let mut r = Reader::new(bytes, Part::Header);
        let version = r.u8()?;
        if version != VAA_VERSION {
            return Err(XchainError::WrongVersion { version });
        }
        let guardian_set_index = r.u32()?;
        let count = r.u8()?;
        r.enter(Part::Signatures);
        // At most 255 * 66 bytes: cannot overflow.
        let signatures =
            Signatures::parse(r.take(usize::from(count).saturating_mul(SIGNATURE_LEN))?)?;
        let body_start = r.pos();
        let body = Body::read(&mut r)?;
        let body_bytes = bytes.get(body_start..).unwrap_or_default();
        Ok(Self {
            guardian_set_index,
            signatures,
            body,
            body_bytes,
        })
    }

    pub fn version(&self) -> u8 {
        VAA_VERSION
    }

    pub fn guardian_set_index(&self) -> u32 {
        self.guardian_set_index
    }

    pub fn signatures(&self) -> Signatures<'a> {
        self.signatures
    }

    pub fn body(&self) -> Body<'a> {
        self.body
    }

    /// The signed bytes.
    pub fn body_bytes(&self) -> &'a [u8] {
        self.body_bytes
    }

    pub fn payload(&self) -> &'a [u8] {
        self.body.payload
    }

    /// Offset of the body in the VAA.
    pub fn body_offset(&self) -> usize {
        HEADER_LEN.saturating_add(self.signatures.as_bytes().len())
    }

    pub fn message_hash(&self) -> [u8; 32] {
        message_hash(self.body_bytes)
    }

    pub fn digest(&self) -> [u8; 32] {
        digest(self.body_bytes)
    }

    /// The VAA's bytes again (equal to the parsed input).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body_offset().saturating_add(self.body_bytes.len()));
        out.push(VAA_VERSION);
        out.extend_from_slice(&self.guardian_set_index.to_be_bytes());
        // `parse` read the count from one byte.
        out.push(u8::try_from(self.signatures.len()).unwrap_or(u8::MAX));
        out.extend_from_slice(self.signatures.as_bytes());
        out.extend_from_slice(self.body_bytes);
        out
    }
}

/// Assemble a VAA from a body and signatures over its digest: used by tests and by a
/// relayer that keeps only a quorum of the guardians' signatures to save compute units.
pub fn encode_vaa(
    guardian_set_index: u32,
    signatures: &[GuardianSignature],
    body: &[u8],
) -> Result<Vec<u8>, XchainError> {
    let count =
        u8::try_from(signatures.len()).map_err(|_| XchainError::TooManySignaturesToEncode {
            count: signatures.len(),
        })?;
    let mut out = Vec::with_capacity(
        HEADER_LEN
            .saturating_add(signatures.len().saturating_mul(SIGNATURE_LEN))
            .saturating_add(body.len()),
    );
    out.push(VAA_VERSION);
    out.extend_from_slice(&guardian_set_index.to_be_bytes());
    out.push(count);
    for signature in signatures {
        out.extend_from_slice(&signature.to_bytes());
    }
    out.extend_from_slice(body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_index_r_s_v_on_the_wire() {
        let mut wire = [0u8; SIGNATURE_LEN];
        for (i, b) in wire.iter_mut().enumerate() {
            *b = i as u8;
        }
        let signature = GuardianSignature::from_bytes(&wire);
        assert_eq!(signature.guardian_index, 0);
        assert_eq!(signature.r(), &wire[1..33]);
        assert_eq!(signature.s(), &wire[33..65]);
        assert_eq!(signature.recovery_id, 65);
        assert_eq!(signature.to_bytes(), wire);
    }

    #[test]
    fn signatures_must_be_whole() {
        let bytes = [0u8; 2 * SIGNATURE_LEN + 1];
        assert_eq!(
            Signatures::parse(&bytes),
            Err(XchainError::Truncated {
                part: Part::Signatures,
                needed: 3 * SIGNATURE_LEN,
                available: 2 * SIGNATURE_LEN + 1
            })
        );
        let whole = Signatures::parse(&bytes[..2 * SIGNATURE_LEN]).unwrap();
        assert_eq!(whole.len(), 2);
        assert_eq!(whole.as_bytes(), &bytes[..2 * SIGNATURE_LEN]);
        assert!(whole.get(2).is_none());
        assert!(Signatures::parse(&[]).unwrap().is_empty());
    }

    #[test]
    fn body_fields_sit_at_the_documented_offsets() {
        let body = Body {
            timestamp: 0x0102_0304,
            nonce: 0x0506_0708,
            emitter_chain: 0x090a,
            emitter_address: [0xee; 32],
            sequence: 0x1112_1314_1516_1718,
            consistency_level: 0x20,
            payload: &[0xaa, 0xbb],
        };
        let bytes = body.encode();
        assert_eq!(bytes.len(), BODY_FIXED_LEN + 2);
        assert_eq!(&bytes[0..4], &[1, 2, 3, 4]);
        assert_eq!(&bytes[4..8], &[5, 6, 7, 8]);
        assert_eq!(&bytes[8..10], &[9, 10]);
        assert_eq!(&bytes[10..42], &[0xee; 32]);
        assert_eq!(
            &bytes[42..50],
            &[0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18]
        );
        assert_eq!(bytes[50], 0x20);
        assert_eq!(&bytes[51..], &[0xaa, 0xbb]);
        assert_eq!(Body::parse(&bytes), Ok(body));
    }
}

//! What an operator signs, how its signature reaches this program, and the evidence the
//! registry records. The client builds its messages with the same function, so the format
//! is written down once.
//!
//! # The attestation message (93 bytes)
//! ```text
//! b"example_avs:attest:v2"   21 bytes  domain: this AVS program, this purpose, this version
//! registry Avs account       32 bytes  which AVS: a PDA of the registry program, so it
//!                                      also names the registry deployment
//! round                       8 bytes  u64 little-endian: the slot attested, so a
//!                                      round carries its time (its restaking epoch)
//! value                      32 bytes  what the operator attests for the round
//! ```
//! A signature over these bytes cannot be replayed for another AVS or registry, another
//! round, or another purpose (a transaction, an off-chain login, another protocol's
//! message): each of those signs different bytes. The program id is not repeated: only
//! this program can act as that `Avs` (its kind names this program's `["config"]`
//! PDA, checked at `initialize`). The operator account is not in the message either: a
//! signature is attributed to its key, and an operator who registers somebody else's key
//! only exposes itself. Keeping the message short keeps a whole report (two Ed25519
//! instructions and `report_equivocation`, reporter and fee payer apart) inside one legacy
//! transaction (1,226 of 1,232 bytes).
//!
//! # The proof
//! An Ed25519 program instruction per signature, in the same transaction. The runtime
//! verifies it before any program runs (a bad signature fails the whole transaction); this
//! program then reads the same instruction through the instructions sysvar and accepts it
//! only if it verifies exactly one signature whose public key, signature and message all
//! lie in that instruction's own data (instruction index `u16::MAX`). With any other index
//! the runtime would verify bytes elsewhere while this program read the unverified ones.
use anchor_lang::prelude::*;

use crate::{
    constants::{ed25519::*, ATTESTATION_DOMAIN, ATTESTATION_LEN, EVIDENCE_DOMAIN},
    errors::AvsError,
};

/// The exact bytes an operator signs to attest `value` for `round` to the AVS registered
/// as `avs` (the registry's `Avs` account; see the module docs).
pub fn attestation_message(avs: &Pubkey, round: u64, value: &[u8; 32]) -> [u8; ATTESTATION_LEN] {
    let mut message = [0u8; ATTESTATION_LEN];
    let parts: [&[u8]; 4] = [
        ATTESTATION_DOMAIN,
        avs.as_ref(),
        &round.to_le_bytes(),
        value,
    ];
    let mut at = 0;
    for part in parts {
        message[at..at + part.len()].copy_from_slice(part);
        at += part.len();
    }
    message
}

/// One signature verified by an Ed25519 program instruction, read from its own data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedMessage {
    pub pubkey: [u8; PUBKEY_LEN],
    pub signature: [u8; SIGNATURE_LEN],
    pub message: Vec<u8>,
}

/// Parses the data of an Ed25519 program instruction that verifies exactly one signature
/// whose public key, signature and message all lie in this same data. Every offset and
/// size is bounds-checked.
pub fn parse_ed25519_instruction(data: &[u8]) -> Result<SignedMessage> {
    let offsets = data
        .get(OFFSETS_START..OFFSETS_START + OFFSETS_LEN)
        .ok_or_else(|| error!(AvsError::MalformedEd25519Instruction))?;
    require_eq!(data[0], 1, AvsError::WrongSignatureCount);
    let field = |i: usize| u16::from_le_bytes([offsets[2 * i], offsets[2 * i + 1]]);
    let (signature_offset, signature_ix) = (field(0), field(1));
    let (pubkey_offset, pubkey_ix) = (field(2), field(3));
    let (message_offset, message_size, message_ix) = (field(4), field(5), field(6));
    require!(
        signature_ix == CURRENT_INSTRUCTION
            && pubkey_ix == CURRENT_INSTRUCTION
            && message_ix == CURRENT_INSTRUCTION,
        AvsError::ProofDataElsewhere
    );
    let slice = |offset: u16, len: usize| {
        let start = usize::from(offset);
        data.get(start..start + len)
            .ok_or_else(|| error!(AvsError::MalformedEd25519Instruction))
    };
    let mut signed = SignedMessage {
        pubkey: [0; PUBKEY_LEN],
        signature: [0; SIGNATURE_LEN],
        message: slice(message_offset, usize::from(message_size))?.to_vec(),
    };
    signed
        .pubkey
        .copy_from_slice(slice(pubkey_offset, PUBKEY_LEN)?);
    signed
        .signature
        .copy_from_slice(slice(signature_offset, SIGNATURE_LEN)?);
    Ok(signed)
}

/// The evidence handed to the registry: both signed messages and both signatures, in the
/// order reported (`a` then `b`), under their own domain tag.
pub fn evidence_hash(a: &SignedMessage, b: &SignedMessage) -> [u8; 32] {
    solana_sha256_hasher::hashv(&[
        EVIDENCE_DOMAIN,
        &a.message,
        &a.signature,
        &b.message,
        &b.signature,
    ])
    .to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instruction_data(offsets: [u16; 7], tail: &[u8]) -> Vec<u8> {
        let mut data = vec![1, 0];
        for field in offsets {
            data.extend_from_slice(&field.to_le_bytes());
        }
        data.extend_from_slice(tail);
        data
    }

    const HERE: u16 = CURRENT_INSTRUCTION;

    #[test]
    fn message_layout_is_domain_avs_round_value() {
        let avs = Pubkey::new_from_array([2; 32]);
        let message = attestation_message(&avs, 0x0102, &[9; 32]);
        assert_eq!(message.len(), 93);
        assert_eq!(&message[..21], b"example_avs:attest:v2");
        assert_eq!(&message[21..53], &[2; 32]);
        assert_eq!(&message[53..61], &[2, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(&message[61..], &[9; 32]);
    }

    #[test]
    fn parses_the_standard_layout() {
        // pubkey at 16, signature at 48, message at 112 (solana-ed25519-program's layout)
        let mut tail = vec![7; 32];
        tail.extend_from_slice(&[8; 64]);
        tail.extend_from_slice(b"hello");
        let data = instruction_data([48, HERE, 16, HERE, 112, 5, HERE], &tail);
        let signed = parse_ed25519_instruction(&data).unwrap();
        assert_eq!(signed.pubkey, [7; 32]);
        assert_eq!(signed.signature, [8; 64]);
        assert_eq!(signed.message, b"hello");
    }

    #[test]
    fn refuses_other_instructions_counts_and_out_of_bounds() {
        let tail = vec![0; 101];
        let err = |data: &[u8]| parse_ed25519_instruction(data).unwrap_err();
        for i in [1, 3, 6] {
            let mut offsets = [48, HERE, 16, HERE, 112, 5, HERE];
            offsets[i] = 0;
            assert_eq!(
                err(&instruction_data(offsets, &tail)),
                AvsError::ProofDataElsewhere.into()
            );
        }
        let mut two = instruction_data([48, HERE, 16, HERE, 112, 5, HERE], &tail);
        two[0] = 2;
        assert_eq!(err(&two), AvsError::WrongSignatureCount.into());
        // message one byte past the end; signature straddling the end; truncated header
        for offsets in [
            [48, HERE, 16, HERE, 112, 6, HERE],
            [60, HERE, 16, HERE, 112, 5, HERE],
        ] {
            assert_eq!(
                err(&instruction_data(offsets, &tail)),
                AvsError::MalformedEd25519Instruction.into()
            );
        }
        assert_eq!(
            err(&[1, 0, 48, 0]),
            AvsError::MalformedEd25519Instruction.into()
        );
        // offsets near u16::MAX do not wrap
        assert_eq!(
            err(&instruction_data(
                [u16::MAX, HERE, 16, HERE, 112, 5, HERE],
                &tail
            )),
            AvsError::MalformedEd25519Instruction.into()
        );
    }
}

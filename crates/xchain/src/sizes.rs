//! The numbers the on-chain verifier is sized by: bytes to carry and recoveries to pay.
//!
//! A mainnet guardian set has 19 guardians, so a VAA needs 13 signatures of 66 bytes
//! (858 bytes) before its body: with a `SlashRequest` the VAA is 1,034 bytes, which does
//! not fit in one 1,232-byte transaction next to a signature, a blockhash and the
//! accounts. The program therefore receives it in chunks and verifies it in one
//! transaction that asks for at least [`verify_compute_units`] of its quorum.
use crate::{
    guardian::quorum,
    vaa::{BODY_FIXED_LEN, HEADER_LEN, SIGNATURE_LEN},
};

/// What the `secp256k1_recover` syscall charges per call (Agave's compute budget).
pub const SECP256K1_RECOVER_COMPUTE_UNITS: u64 = 25_000;

/// Bytes of a VAA with `num_signatures` signatures and a payload of `payload_len`
/// bytes; `None` if that does not fit a `usize`.
pub const fn vaa_len(num_signatures: usize, payload_len: usize) -> Option<usize> {
    let Some(signatures) = num_signatures.checked_mul(SIGNATURE_LEN) else {
        return None;
    };
    let Some(head) = HEADER_LEN.checked_add(signatures) else {
        return None;
    };
    let Some(body) = BODY_FIXED_LEN.checked_add(payload_len) else {
        return None;
    };
    head.checked_add(body)
}

/// `secp256k1_recover` calls to verify a VAA from a set of `guardian_set_size`
/// guardians when the relayer sends exactly a quorum of signatures (every signature sent
/// is checked, so sending more costs more).
pub fn signature_recoveries_needed(guardian_set_size: usize) -> usize {
    quorum(guardian_set_size)
}

/// Compute units the recoveries alone cost (hashing and parsing come on top); `None` on
/// overflow.
pub fn verify_compute_units(recoveries: usize) -> Option<u64> {
    u64::try_from(recoveries)
        .ok()?
        .checked_mul(SECP256K1_RECOVER_COMPUTE_UNITS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::SlashRequest;

    #[test]
    fn a_mainnet_slash_request_vaa_is_1034_bytes_and_13_recoveries() {
        // 6 header + 13 * 66 signatures + 51 body + 119 payload.
        assert_eq!(vaa_len(13, SlashRequest::LEN), Some(6 + 858 + 51 + 119));
        assert_eq!(vaa_len(13, SlashRequest::LEN), Some(1034));
        assert_eq!(signature_recoveries_needed(19), 13);
        assert_eq!(verify_compute_units(13), Some(325_000));
        assert_eq!(vaa_len(usize::MAX, 0), None);
        assert_eq!(vaa_len(0, usize::MAX), None);
    }
}

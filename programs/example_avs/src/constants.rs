//! PDA seeds, the attestation format and limits. Every seed the program or a client
//! derives lives here.

/// `["config"]`: this AVS's configuration (one per program deployment). It is also the
/// signer the registry knows as this AVS's `AvsKind::Local { slash_authority }`: it signs
/// `request_slash` by CPI (one account for both keeps a whole report in one transaction).
pub const CONFIG_SEED: &[u8] = b"config";
/// `["rewards"]`: owns the AVS's reward treasury (any token account whose owner is this
/// PDA; anyone may fund one) and signs `lrt_vault::distribute_rewards` as its payer in
/// `pay_reward`. Holds no data.
pub const REWARDS_SEED: &[u8] = b"rewards";
/// `["equivocation", operator, round_le]`: one proven equivocation of an operator (the
/// registry's `Operator` account) in a round (a slot); its existence makes a second report
/// fail.
pub const EQUIVOCATION_SEED: &[u8] = b"equivocation";

/// Domain tag that opens every attestation an operator signs for this AVS. A new message
/// format or meaning gets a new tag, so old signatures can never be read as new ones
/// (`v1` rounds were free numbers; from `v2` a round is a slot, tied to its epoch).
pub const ATTESTATION_DOMAIN: &[u8; 21] = b"example_avs:attest:v2";
/// Length of an attestation message:
/// `domain (21) || registry Avs account (32) || round u64 LE (8) || value (32)`.
pub const ATTESTATION_LEN: usize = ATTESTATION_DOMAIN.len() + 32 + 8 + 32;

/// Domain tag of the evidence hash handed to the registry with each slash request.
pub const EVIDENCE_DOMAIN: &[u8; 23] = b"example_avs:evidence:v1";

/// 100% as a WAD fraction: the largest slash one equivocation may request.
pub const WAD: u128 = 1_000_000_000_000_000_000;

/// Layout of an Ed25519 program instruction (`solana-ed25519-program`): byte 0 is the
/// number of signatures, byte 1 padding, then one 14-byte offsets record per signature.
pub mod ed25519 {
    /// Where the first offsets record starts.
    pub const OFFSETS_START: usize = 2;
    /// `signature_offset, signature_instruction_index, public_key_offset,
    /// public_key_instruction_index, message_data_offset, message_data_size,
    /// message_instruction_index`: seven little-endian u16.
    pub const OFFSETS_LEN: usize = 14;
    pub const PUBKEY_LEN: usize = 32;
    pub const SIGNATURE_LEN: usize = 64;
    /// Instruction index meaning "this same instruction's data". Anything else lets the
    /// precompile verify bytes in another instruction than the ones this program reads.
    pub const CURRENT_INSTRUCTION: u16 = u16::MAX;
}

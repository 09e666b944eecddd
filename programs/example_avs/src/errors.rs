//! Every error the example AVS returns. Messages tell the user what to do next.
use anchor_lang::prelude::*;

#[error_code]
// `from_repr(code - 6000)`: clients name an error from its number (native programs log to
// stdout, so a transaction's logs do not carry Anchor's error line).
#[derive(strum_macros::FromRepr)]
pub enum AvsError {
    // --- authorization and configuration ---
    #[msg("signer is not the admin of the registry AVS this program acts as")]
    NotAvsAdmin,
    #[msg("signer is not this AVS's admin")]
    NotAdmin,
    #[msg(
        "the registry AVS is not Local with this program's [\"config\"] PDA as its slash authority"
    )]
    NotOurSlashAuthority,
    #[msg("slash_wad must be greater than zero and at most 1e18 (100%)")]
    InvalidSlashWad,
    #[msg("the registry AVS account is not the one this AVS's config names")]
    WrongAvs,

    // --- the equivocation proof ---
    #[msg("the account given as the instructions sysvar is not Sysvar1nstructions1111111111111111111111111")]
    WrongInstructionsSysvar,
    #[msg(
        "report_equivocation must directly follow its two Ed25519 program instructions: (round, value_a) then (round, value_b)"
    )]
    MissingProofInstructions,
    #[msg("a proof instruction is not an Ed25519 program instruction")]
    NotEd25519Instruction,
    #[msg("each Ed25519 proof instruction must verify exactly one signature")]
    WrongSignatureCount,
    #[msg(
        "Ed25519 offsets must point into the same instruction (instruction index u16::MAX), not another one"
    )]
    ProofDataElsewhere,
    #[msg("Ed25519 instruction data is truncated: an offset or a size points outside it")]
    MalformedEd25519Instruction,
    #[msg(
        "a proof was signed by a key that is not the operator's: neither its registered signing key nor, through the epoch after a rotation, its previous one"
    )]
    WrongSigningKey,
    #[msg("a signed message is not this AVS's attestation of (round, value)")]
    WrongAttestationMessage,
    #[msg("value_a equals value_b: an equivocation needs two different values for one round")]
    SameValue,
    #[msg("this operator's equivocation in this round was already reported")]
    AlreadyReported,

    // --- rewards ---
    #[msg("the reward treasury account holds less than the reward: fund it first")]
    RewardTreasuryTooSmall,

    // --- generic ---
    #[msg("an account already exists at this address")]
    AccountAlreadyExists,
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("the round (a slot) is not in the current or the previous restaking epoch")]
    RoundOutsideReportWindow,
}

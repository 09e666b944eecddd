//! Every error the registry program returns. Messages tell the user what to do next.
use anchor_lang::prelude::*;

#[error_code]
// `from_repr(code - 6000)`: clients name an error from its number (native programs log to
// stdout, so a transaction's logs do not carry Anchor's error line).
#[derive(strum_macros::FromRepr)]
pub enum RegistryError {
    // --- authorization ---
    #[msg("signer is not the registry admin")]
    NotAdmin,
    #[msg("signer is not the pending admin: the current admin must call transfer_admin first")]
    NotPendingAdmin,
    #[msg("signer is not the upgrade authority of the registry program")]
    NotUpgradeAuthority,
    #[msg("the account given as program data is not this program's")]
    WrongProgramData,
    #[msg("signer is not the registry's veto authority")]
    NotVetoAuthority,
    #[msg("signer is not the operator's authority")]
    NotOperatorAuthority,
    #[msg("signer is neither the AVS admin nor the registry admin")]
    NotAvsAdmin,
    #[msg("only the registry admin can reactivate an AVS")]
    OnlyAdminReactivates,
    #[msg("signer is not the AVS's slash authority")]
    NotSlashAuthority,
    #[msg("signer is not the vault's curator")]
    NotCurator,

    // --- configuration and arguments ---
    #[msg(
        "veto window must be at least one slot and shorter than the vault program's epoch length"
    )]
    InvalidVetoWindow,
    #[msg("max_vault_slash_bps_per_epoch must be between 1 and 10000")]
    InvalidVaultSlashCap,
    #[msg("commission exceeds 10000 bps")]
    CommissionTooHigh,
    #[msg("the operator's ed25519 signing key must not be all zeros")]
    InvalidSigningKey,
    #[msg(
        "the previous signing key still counts for reports through key_rotated_epoch + 1: rotate again from key_rotated_epoch + 2"
    )]
    KeyRotationPending,
    #[msg("metadata uri is longer than 200 bytes")]
    MetadataTooLong,
    #[msg("max_slash_wad must be greater than zero and at most 1e18 (100%)")]
    InvalidMaxSlash,
    #[msg(
        "AVS kind is incomplete: a local slash authority, remote chain or remote emitter is zero"
    )]
    InvalidAvsKind,
    #[msg("a Recipient destination needs a non-zero owner")]
    InvalidDestination,
    #[msg("cap_bps must be between 1 and 10000")]
    InvalidCap,
    #[msg("slash fraction must be greater than zero and at most 1e18 (100%)")]
    InvalidSlashWad,

    // --- AVSs and opt-ins ---
    #[msg("the AVS is not active")]
    AvsInactive,
    #[msg("already opted in to this AVS")]
    AlreadyOptedIn,
    #[msg("not opted in to this AVS")]
    NotOptedIn,
    #[msg(
        "the previous opt-out is still slashable: opt in again from epoch deactivation_epoch + 3"
    )]
    OptOutStillSlashable,

    // --- requests, vetoes, execution ---
    #[msg("this AVS is remote: its slash requests arrive as guardian-signed messages")]
    AvsNotLocal,
    #[msg("the slash request was vetoed")]
    SlashVetoed,
    #[msg("the veto deadline has passed")]
    VetoWindowClosed,
    #[msg("the veto window is still open: execute after the request's veto_deadline_slot")]
    VetoWindowOpen,
    #[msg("too late: a request captured at epoch c executes by the end of epoch c + 1")]
    ExecutionWindowClosed,
    #[msg("the AVS account is not the request's AVS")]
    WrongAvs,
    #[msg("the operator account is not the request's operator")]
    WrongOperator,
    #[msg("the operator was not opted in to the AVS at the capture epoch")]
    OperatorNotActiveAtCapture,
    #[msg("the vault was not opted in to the AVS at the capture epoch")]
    VaultNotActiveAtCapture,
    #[msg("the vault had no stake delegated to the operator at the capture epoch")]
    NoStakeAtCapture,
    #[msg("the vault curator's per-epoch cap for this AVS is used up for the capture epoch")]
    AvsVaultCapExhausted,
    #[msg("the registry's per-vault cap is used up for the capture epoch")]
    VaultEpochCapExhausted,
    #[msg("this request was already executed against this vault")]
    SlashAlreadyExecuted,
    #[msg("the vault program's Config names another registry program as slasher")]
    WrongRegistryProgram,

    // --- generic ---
    #[msg("an account already exists at this address")]
    AccountAlreadyExists,
    #[msg("arithmetic overflow")]
    MathOverflow,
    #[msg("the resolution delay is over: the slash can no longer be cancelled")]
    ResolutionDelayOver,
    #[msg("this slash was already cancelled")]
    SlashAlreadyCancelled,
    #[msg("the vault is not the one this slash was executed against")]
    WrongExecutionVault,

    // --- issue 9 ---
    #[msg("the operator is not slashable for this AVS in the current epoch: not opted in, or its opt-in counts only from the next epoch")]
    OperatorNotSlashable,
    #[msg("resolution_delay_slots must be at most the restaking epoch length")]
    InvalidResolutionDelay,
    #[msg("the slash request account is not the one this slash executed")]
    WrongExecutionRequest,

    // --- issue 10: changes with notice ---
    #[msg("commission exceeds the registry's max_commission_bps in force")]
    CommissionAboveCap,
    #[msg("max_commission_bps must be at most 10000")]
    InvalidCommissionCap,
    #[msg("nothing to announce: these values are already the ones announced last")]
    NothingToAnnounce,

    // --- issue 15: cross-chain messages ---
    #[msg("guardian set must have 1 to 19 distinct, non-zero keys")]
    InvalidGuardianKeys,
    #[msg("the guardian-set account is not the current set")]
    NotCurrentGuardianSet,
    #[msg("VAA buffer length must be between 1 and MAX_VAA_LEN bytes, the same for every chunk")]
    InvalidVaaLength,
    #[msg("the chunk does not fit in the buffer at this offset")]
    ChunkOutOfBounds,
    #[msg("the VAA buffer is already verified: it can no longer be written")]
    VaaAlreadyVerified,
    #[msg("signer is not the payer of this VAA buffer")]
    NotBufferPayer,
    #[msg("the VAA is malformed (wrong version, truncated, or bad guardian indices)")]
    MalformedVaa,
    #[msg("the VAA names another guardian set than the one given")]
    WrongGuardianSet,
    #[msg("the guardian set expired: it was replaced and its grace period is over")]
    GuardianSetExpired,
    #[msg("fewer guardian signatures than the quorum")]
    BelowQuorum,
    #[msg("a guardian signature is invalid or does not recover to that guardian's key")]
    InvalidGuardianSignature,
    #[msg("the VAA buffer was not verified: call verify_vaa first")]
    VaaNotVerified,
    #[msg("this AVS is local: its slash requests are signed on Solana")]
    AvsNotRemote,
    #[msg("the message comes from another chain than the AVS's")]
    WrongEmitterChain,
    #[msg("the message comes from another emitter than the AVS's")]
    WrongEmitter,
    #[msg("the message is older (or further in the future) than max_message_age")]
    StaleMessage,
    #[msg("this message (chain, emitter, sequence) was already processed")]
    MessageAlreadyProcessed,
    #[msg("the replay-record account is not the one of this message")]
    WrongReplayRecord,
    #[msg("the payload is not a valid SlashRequest")]
    InvalidSlashPayload,
    #[msg("the slash targets a vault that is not opted in to this AVS")]
    UnknownVault,
    #[msg("this request targets another vault")]
    VaultNotTargeted,
    #[msg("max_message_age and the guardian-set expiration period must be positive")]
    InvalidXchainParams,
    #[msg("the vault has no delegation to this operator")]
    NotDelegated,
    #[msg("the bucket account is not the vault's bucket of that epoch")]
    WrongBucket,
    #[msg("the attestation is retained for relayers: close it from its epoch + 2")]
    AttestationRetained,
    #[msg("signer is not the payer of this attestation")]
    NotAttestationPayer,
    #[msg("the payload is not a valid RewardNotice")]
    InvalidRewardPayload,
    #[msg("the reward notice names another vault than the one given")]
    WrongRewardVault,
    #[msg("the reward's mint is not an asset of the vault")]
    RewardMintNotVaultAsset,
    #[msg("the mint account given is not the reward notice's mint")]
    WrongRewardMint,
    #[msg("the reward amount is zero")]
    ZeroRewardAmount,
    #[msg("the operator is not opted in to this AVS")]
    OperatorNotOptedIn,
    #[msg("the AVS's reward inbox holds less than the reward: redeem the token transfer first")]
    RewardNotBridged,
    #[msg("this remote emitter already speaks for another AVS: an emitter is claimed by one AVS forever")]
    EmitterClaimedByAnotherAvs,
    #[msg(
        "a remote kind needs its emitter's claim account [\"remote_emitter\", chain_be, emitter]"
    )]
    MissingEmitterClaim,
    #[msg("the emitter-claim account is not the one of this remote chain and emitter")]
    WrongEmitterClaim,
    #[msg("only the registry admin announces a remote kind, or a change of a remote AVS's kind")]
    RemoteKindByRegistryAdmin,
    #[msg("the replay record still guards its message: closable only once the clock is past its timestamp + 2 * max_message_age")]
    ReplayRecordInUse,
    #[msg("the account given is not the replay record's recorded payer (who gets its rent back)")]
    NotReplayRecordPayer,
    #[msg("more guardian signatures than the guardian set has guardians")]
    TooManySignatures,
}

impl From<restaking_math::MathError> for RegistryError {
    fn from(e: restaking_math::MathError) -> Self {
        use restaking_math::MathError as M;
        match e {
            M::InvalidFraction => RegistryError::InvalidSlashWad,
            M::InvalidBps => RegistryError::InvalidCap,
            _ => RegistryError::MathOverflow,
        }
    }
}

impl From<xchain::XchainError> for RegistryError {
    fn from(e: xchain::XchainError) -> Self {
        use xchain::XchainError as X;
        match e {
            X::BelowQuorum { .. } => RegistryError::BelowQuorum,
            X::TooManySignatures { .. } => RegistryError::TooManySignatures,
            X::WrongGuardianSet { .. } => RegistryError::WrongGuardianSet,
            X::ExpiredGuardianSet { .. } => RegistryError::GuardianSetExpired,
            X::BadRecoveryId { .. }
            | X::NonCanonicalSignature { .. }
            | X::InvalidSignature { .. }
            | X::SignatureMismatch { .. } => RegistryError::InvalidGuardianSignature,
            _ => RegistryError::MalformedVaa,
        }
    }
}

/// Lift a cross-chain result into the matching registry error. Several reasons share one
/// code (`MalformedVaa`, `InvalidGuardianSignature`), so the exact one is logged first:
/// a relayer reads which byte or which guardian to fix in the transaction's logs.
pub fn xchain_result<T>(r: core::result::Result<T, xchain::XchainError>) -> Result<T> {
    r.map_err(|e| {
        msg!("cross-chain message refused: {}", e);
        error!(RegistryError::from(e))
    })
}

/// Lift a math result into an Anchor error with the matching registry error code.
pub fn math<T>(r: restaking_math::MathResult<T>) -> Result<T> {
    r.map_err(|e| error!(RegistryError::from(e)))
}

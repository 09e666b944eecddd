//! Every error the vault program returns. Messages tell the user what to do next.
use anchor_lang::prelude::*;

#[error_code]
// `from_repr(code - 6000)`: clients name an error from its number (native programs log to
// stdout, so a transaction's logs do not carry Anchor's error line).
#[derive(strum_macros::FromRepr)]
pub enum VaultError {
    // --- authorization ---
    #[msg("signer is not the config admin")]
    NotAdmin,
    #[msg("signer is not the pending admin: the current admin must call transfer_admin first")]
    NotPendingAdmin,
    #[msg("signer may not pause this: it takes the pauser or the admin (or, for one vault, its curator)")]
    NotPauser,
    #[msg("signer is not the vault's curator")]
    NotCurator,
    #[msg("signer is not the vault's fee admin")]
    NotFeeAdmin,
    #[msg("signer is not the upgrade authority of the vault program")]
    NotUpgradeAuthority,
    #[msg("signer does not own this withdrawal ticket")]
    NotTicketOwner,

    // --- configuration ---
    #[msg("epoch length must be greater than zero")]
    InvalidEpochLength,
    #[msg("fee cap exceeds the protocol ceiling of 1000 bps")]
    FeeCapTooHigh,
    #[msg("fee exceeds the cap set in Config")]
    FeeAboveCap,
    #[msg("name, symbol or uri is too long (max 32, 10 and 200 bytes)")]
    MetadataTooLong,
    #[msg("the protocol is paused")]
    ProtocolPaused,
    #[msg("deposits into this vault are paused")]
    DepositsPaused,
    #[msg("withdrawal requests from this vault are paused")]
    WithdrawalsPaused,
    #[msg("the account given as program data is not this program's")]
    WrongProgramData,

    // --- assets and pricing ---
    #[msg("the vault already holds the maximum of 8 assets")]
    TooManyAssets,
    #[msg("this mint is already an asset of the vault")]
    DuplicateAsset,
    #[msg("asset index is out of range for this vault")]
    UnknownAsset,
    #[msg("mint does not match the vault's asset at this index")]
    WrongAssetMint,
    #[msg("token account is not the vault's reserve for this asset")]
    WrongReserve,
    #[msg("token program does not match the asset's token program")]
    WrongTokenProgram,
    #[msg("the asset mint has a Token-2022 extension that breaks accounting (transfer fee, transfer hook, permanent delegate, non-transferable, confidential transfer, pausable)")]
    UnsupportedMintExtension,
    #[msg("the Wsol pricing source is only for the wrapped SOL mint")]
    NotWrappedSol,
    #[msg("pricing account is missing: pass one per priced asset, in asset order")]
    MissingPricingAccount,
    #[msg("pricing account is not the one pinned for this asset")]
    WrongPricingAccount,
    #[msg("pricing account is not owned by an allowed stake-pool or Marinade program")]
    WrongPricingOwner,
    #[msg("pricing account data is not a valid stake pool or Marinade state")]
    InvalidPricingData,
    #[msg("the pricing account prices a different mint than the asset")]
    PricingMintMismatch,
    #[msg("the stake pool was not updated in this epoch: run its update first")]
    StakePoolNotUpdated,
    #[msg("price is stale: call refresh_prices in this Solana epoch first")]
    StalePrice,
    #[msg("too many pricing accounts were passed")]
    UnexpectedPricingAccount,

    // --- amounts ---
    #[msg("amount must be greater than zero")]
    ZeroAmount,
    #[msg("the deposit is worth zero shares: deposit more")]
    ZeroShares,
    #[msg("the seed deposit is below the minimum of 1,000,000 share units (0.001 SOL)")]
    SeedTooSmall,
    #[msg("shares out are below min_shares_out (slippage)")]
    SlippageExceeded,
    #[msg("the deposit would exceed the asset's deposit cap")]
    DepositCapExceeded,
    #[msg("the vault's value is zero while shares exist: deposits are disabled")]
    VaultValueIsZero,
    #[msg("the withdrawal is too small to return any asset")]
    WithdrawalTooSmall,
    #[msg("not enough shares")]
    InsufficientShares,
    #[msg("arithmetic overflow")]
    MathOverflow,

    // --- withdrawals ---
    #[msg("the ticket is not claimable yet: wait until the epoch after its bucket's epoch")]
    TicketNotMature,
    #[msg("bucket does not match the ticket")]
    WrongBucket,
    #[msg("claim accounts must be (reserve, mint, owner token account) for each asset the ticket holds, in asset order")]
    WrongClaimAccounts,
    #[msg("token account is not owned by the ticket owner or holds another mint")]
    WrongOwnerTokenAccount,

    // --- generic account substitution ---
    #[msg("the LRT mint does not belong to this vault")]
    WrongLrtMint,
    #[msg("the token account is not the treasury's LRT account")]
    WrongTreasuryAccount,
    #[msg("the account is not the config treasury")]
    WrongTreasury,
    #[msg("the account is not the one that paid the bucket's rent")]
    WrongRentPayer,
    #[msg("an account already exists at this address (a ticket id already used, an asset already added)")]
    AccountAlreadyExists,
    #[msg("the asset mint has a freeze authority, which could freeze the vault's reserve and block claims")]
    MintHasFreezeAuthority,

    // --- operators, delegations, bonds, slashing ---
    #[msg("the capture epoch is outside the execution window (current or previous epoch)")]
    OutsideSlashWindow,
    #[msg("next epoch's withdrawal bucket was wiped out by a slash: nothing can join it")]
    BucketWiped,
    #[msg("the account is not a registered operator of the configured slasher registry")]
    NotRegistryOperator,
    #[msg("signer is not the slasher registry's slasher authority")]
    NotSlasher,
    #[msg("concentration limit must be between 1 and 10,000 bps")]
    InvalidConcentrationLimit,
    #[msg("the allocation would exceed the operator's concentration limit")]
    DelegationLimitExceeded,
    #[msg("not enough allocation to take back: at most the allocation from epoch + 2 on")]
    InsufficientDelegation,
    #[msg("the undelegation or unbonding is still in its slashable window: wait for the epoch shown in the account")]
    CooldownNotOver,
    #[msg("nothing to complete")]
    NothingPending,
    #[msg("signer is not the operator's authority")]
    NotOperatorAuthority,
    #[msg("not enough bonded shares")]
    InsufficientBond,
    #[msg("the slash loss exceeds the operator's stake at the capture epoch")]
    LossExceedsStake,
    #[msg("the slash escrow is still in its resolution delay")]
    EscrowNotResolved,
    #[msg("this asset of the escrow was already swept, or the slash was cancelled")]
    EscrowAlreadySettled,
    #[msg("the destination token account is not the slash recipient's account for this asset")]
    WrongSlashRecipient,

    // allocations, cancels and wiped vaults (issue 9)
    #[msg("the vault's allocations would sum to more than 100%")]
    AllocationExceedsVault,
    #[msg("the concentration limit would be below the operator's allocation: decrease the allocation first")]
    ConcentrationLimitBelowAllocation,
    #[msg("a slash of this vault can still be cancelled: deposits reopen at the slot logged (the vault's slash_window.until_slot)")]
    DepositsAwaitSlashResolution,
    #[msg("a slash touched this ticket's bucket and can still be cancelled: claim from the slot logged (the bucket's hold_until_slot)")]
    TicketAwaitsSlashResolution,
    #[msg("a slash took the whole pool and can still be cancelled: request again after the vault's slash_window.until_slot")]
    WithdrawalsAwaitSlashResolution,
    #[msg("a slash wiped this vault out: it takes no more deposits (withdrawals and claims still work)")]
    VaultWipedOut,
    #[msg("the slash's resolution delay is over: it can no longer be cancelled")]
    EscrowResolved,

    // fees, treasury and roles (issue 10)
    #[msg("the fee in force is above the maximum fee the transaction accepts (max_fee_bps): review the fee and sign again")]
    FeeAboveMaximum,
    #[msg("signer is not the treasury")]
    NotTreasury,
    #[msg("signer is not the proposed treasury: the config admin must call set_treasury first")]
    NotPendingTreasury,
    #[msg("signer is not the proposed curator: the curator must call transfer_curator first")]
    NotPendingCurator,
    #[msg(
        "signer is not the proposed fee admin: the fee admin must call transfer_fee_admin first"
    )]
    NotPendingFeeAdmin,
}

impl From<restaking_math::MathError> for VaultError {
    fn from(e: restaking_math::MathError) -> Self {
        use restaking_math::MathError as M;
        match e {
            M::VaultValueIsZero => VaultError::VaultValueIsZero,
            M::SharesExceedSupply => VaultError::InsufficientShares,
            M::BucketWiped => VaultError::BucketWiped,
            _ => VaultError::MathOverflow,
        }
    }
}

/// Lift a math result into an Anchor error with the matching vault error code.
pub fn math<T>(r: restaking_math::MathResult<T>) -> Result<T> {
    r.map_err(|e| error!(VaultError::from(e)))
}

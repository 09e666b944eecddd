//! Program error codes, the one assertion of an exact program error, and the one of a
//! refusal (that error, and no account changed).
//!
//! A failed transaction is matched as `TransactionError::InstructionError(index, error)`:
//! the failing instruction (when the test names it) and exactly that error, never a
//! substring of the error's debug text.
use anchor_lang::{
    error::{ErrorCode as AnchorErrorCode, ERROR_CODE_OFFSET},
    prelude::Pubkey,
    solana_program::instruction::Instruction,
};
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
pub use solana_transaction::{InstructionError, TransactionError};

/// Code of a vault program error.
pub fn vault_error(e: lrt_vault::errors::VaultError) -> u32 {
    ERROR_CODE_OFFSET + e as u32
}

/// Code of a slasher registry error.
pub fn registry_error(e: slasher_registry::errors::RegistryError) -> u32 {
    ERROR_CODE_OFFSET + e as u32
}

/// Code of an example AVS error.
pub fn avs_error(e: example_avs::errors::AvsError) -> u32 {
    ERROR_CODE_OFFSET + e as u32
}

/// Code of an Anchor framework error (a failed account constraint, say).
pub fn anchor_error(e: AnchorErrorCode) -> u32 {
    u32::from(e)
}

/// An instruction's error as a test expects it: a program's custom code (`u32`, from the
/// helpers above) or a runtime error (`InstructionError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedError(pub InstructionError);

impl From<u32> for ExpectedError {
    fn from(code: u32) -> Self {
        Self(InstructionError::Custom(code))
    }
}

impl From<InstructionError> for ExpectedError {
    fn from(error: InstructionError) -> Self {
        Self(error)
    }
}

/// `Ok` when `result` is the failure of instruction `index` (any instruction when `None`)
/// with exactly `expected`; otherwise what happened instead. For helpers that add their
/// own context to the panic; tests call [`assert_program_error`].
pub fn check_program_error<T>(
    result: Result<T, BanksClientError>,
    index: impl Into<Option<u8>>,
    expected: impl Into<ExpectedError>,
) -> Result<(), String> {
    let index = index.into();
    let expected = expected.into().0;
    let at = match index {
        Some(i) => format!("instruction {i}"),
        None => "some instruction".to_owned(),
    };
    let err = match result {
        Ok(_) => {
            return Err(format!(
                "expected {expected:?} at {at}, the transaction succeeded"
            ))
        }
        Err(err) => err,
    };
    let actual = match &err {
        BanksClientError::TransactionError(e)
        | BanksClientError::SimulationError { err: e, .. } => e,
        other => return Err(format!("expected {expected:?} at {at}, got {other:?}")),
    };
    match actual {
        TransactionError::InstructionError(i, e)
            if *e == expected && index.is_none_or(|index| index == *i) =>
        {
            Ok(())
        }
        other => Err(format!("expected {expected:?} at {at}, got {other:?}")),
    }
}

/// Asserts that `result` is the failure of instruction `index` of its transaction (any
/// instruction when `None`) with exactly `expected`: a custom code
/// (`assert_program_error(r, 0, vault_error(VaultError::ZeroAmount))`) or a runtime error
/// (`assert_program_error(r, 1, InstructionError::MissingAccount)`).
#[track_caller]
pub fn assert_program_error<T>(
    result: Result<T, BanksClientError>,
    index: impl Into<Option<u8>>,
    expected: impl Into<ExpectedError>,
) {
    if let Err(mismatch) = check_program_error(result, index, expected) {
        panic!("{mismatch}");
    }
}

/// Asserts that no account of `keys` differs from `before` (taken by
/// [`TestContext::snapshot`](crate::TestContext::snapshot)): every byte, lamport and owner.
pub async fn assert_unchanged(
    t: &mut crate::TestContext,
    keys: &[Pubkey],
    before: &[Option<Account>],
    step: &str,
) {
    let now = t.snapshot(keys).await;
    for ((key, was), is) in keys.iter().zip(before).zip(&now) {
        assert!(was == is, "{step}: account {key} changed");
    }
}

/// Sends `ixs`, asserts that some instruction fails with exactly `expected` (a custom code
/// or a runtime error), and that no account of `keys` changed.
pub async fn refused(
    t: &mut crate::TestContext,
    ixs: &[Instruction],
    signers: &[&Keypair],
    expected: impl Into<ExpectedError>,
    keys: &[Pubkey],
    step: &str,
) {
    let before = t.snapshot(keys).await;
    if let Err(mismatch) = check_program_error(t.send(ixs, signers).await, None, expected) {
        panic!("{step}: {mismatch}");
    }
    assert_unchanged(t, keys, &before, step).await;
}

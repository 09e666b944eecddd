//! Pure, checked money math for the restaking vault (DESIGN.md sections 3, 4 and 5).
//!
//! What must hold everywhere in this crate:
//! - Every operation is checked: a result or intermediate that does not fit is an error
//!   ([`MathError::Overflow`]), never a wrap and never a panic (the lints below enforce it
//!   outside tests; the few limb operations in [`wide`] that cannot wrap say why).
//! - Values are WAD-scaled lamports (`amount * price_wad`, exact). Only the final share or
//!   token amount is rounded, and every rounding is named in the function (`_floor`,
//!   `_ceil`) and goes in the vault's favour: the vault never mints more shares, pays out
//!   more tokens or charges a smaller fee than the exact rational result.
//! - No floats, no I/O, no threads: it compiles for SBF and runs inside the program.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::arithmetic_side_effects,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::unreachable,
        clippy::cast_possible_truncation
    )
)]

pub mod allocation;
pub mod bucket;
pub mod cancel;
pub mod fees;
pub mod notice;
pub mod price;
pub mod rewards;
pub mod shares;
pub mod slash;
pub mod value;
pub mod wide;

pub use allocation::*;
pub use bucket::*;
pub use cancel::*;
pub use fees::*;
pub use notice::*;
pub use price::*;
pub use rewards::*;
pub use shares::*;
pub use slash::*;
pub use value::*;
pub use wide::*;

/// Fixed-point scale of prices, values and bucket scales: 1e18.
pub const WAD: u128 = 1_000_000_000_000_000_000;

/// Basis points in one whole: fee rates are `bps / 10_000`.
pub const BPS_DENOMINATOR: u64 = 10_000;

/// Why a money computation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathError {
    /// A result or intermediate does not fit its type.
    Overflow,
    /// A divisor is zero.
    DivisionByZero,
    /// Shares exist but the vault's value is zero (fully slashed): deposits must fail.
    VaultValueIsZero,
    /// Asked to redeem more shares than exist.
    SharesExceedSupply,
    /// A basis-point value above 10_000.
    InvalidBps,
    /// A bucket scale of 0 or above WAD.
    InvalidScale,
    /// A bucket whose scale was slashed to 0: it holds nothing, so nothing can join it.
    BucketWiped,
    /// A WAD fraction (a slash or a pro-rata fraction) above 1e18 (100%).
    InvalidFraction,
    /// More assets than a vault holds ([`MAX_ASSETS`]).
    InvalidAssetCount,
}

impl core::fmt::Display for MathError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = match self {
            MathError::Overflow => "arithmetic overflow",
            MathError::DivisionByZero => "division by zero",
            MathError::VaultValueIsZero => "shares exist but the vault's value is zero",
            MathError::SharesExceedSupply => "more shares than the supply",
            MathError::InvalidBps => "basis points above 10000",
            MathError::InvalidScale => "bucket scale is zero or above 1e18",
            MathError::BucketWiped => "the bucket was slashed to zero: nothing can join it",
            MathError::InvalidFraction => "fraction above 1e18 (100%)",
            MathError::InvalidAssetCount => "more assets than a vault holds",
        };
        f.write_str(text)
    }
}

/// Result of a money computation.
pub type MathResult<T> = Result<T, MathError>;

/// Narrows a `u128` to `u64`, or [`MathError::Overflow`].
pub(crate) fn to_u64(x: u128) -> MathResult<u64> {
    u64::try_from(x).map_err(|_| MathError::Overflow)
}

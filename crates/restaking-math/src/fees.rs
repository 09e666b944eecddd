//! Basis-point fees.
//!
//! What must hold: a fee is the exact rate rounded up (never under-collected, so a fee
//! cannot be dodged by splitting an amount into dust), never exceeds the gross amount, and
//! `net + fee == gross` exactly. A rate above 10_000 bps is refused.
use crate::{to_u64, MathError, MathResult, BPS_DENOMINATOR};

/// `ceil(amount * fee_bps / 10_000)`: rounding up means the fee is never below its rate,
/// so splitting a deposit into dust cannot dodge it.
///
/// Errors: [`MathError::InvalidBps`] if `fee_bps > 10_000`.
pub fn fee_ceil(amount: u64, fee_bps: u16) -> MathResult<u64> {
    if u64::from(fee_bps) > BPS_DENOMINATOR {
        return Err(MathError::InvalidBps);
    }
    // u64 * u16 < 2^80, + 9_999 still fits; the result is <= amount since bps <= 10_000.
    let fee = u128::from(amount)
        .checked_mul(u128::from(fee_bps))
        .and_then(|x| x.checked_add(u128::from(BPS_DENOMINATOR - 1)))
        .ok_or(MathError::Overflow)?
        .checked_div(u128::from(BPS_DENOMINATOR))
        .ok_or(MathError::DivisionByZero)?;
    to_u64(fee)
}

/// `floor(amount * bps / 10_000)`: for a cut paid *out* of the vault's side (an operator's
/// commission, the insurance part of a fee), where rounding down keeps the remainder with
/// the pool or the treasury.
///
/// Errors: [`MathError::InvalidBps`] if `bps > 10_000`.
pub fn bps_floor(amount: u64, bps: u16) -> MathResult<u64> {
    if u64::from(bps) > BPS_DENOMINATOR {
        return Err(MathError::InvalidBps);
    }
    // u64 * u16 < 2^80; the result is <= amount since bps <= 10_000.
    let part = u128::from(amount)
        .checked_mul(u128::from(bps))
        .ok_or(MathError::Overflow)?
        .checked_div(u128::from(BPS_DENOMINATOR))
        .ok_or(MathError::DivisionByZero)?;
    to_u64(part)
}

/// A gross amount split into its fee and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeSplit {
    /// The amount before the fee.
    pub gross: u64,
    /// [`fee_ceil`] of `gross`.
    pub fee: u64,
    /// `gross - fee`.
    pub net: u64,
}

/// `fee = fee_ceil(gross)`, `net = gross - fee`: the fee rounds up, so the net (what the
/// user keeps) is the part that rounds down.
///
/// Errors: [`MathError::InvalidBps`] if `fee_bps > 10_000`.
pub fn split_fee(gross: u64, fee_bps: u16) -> MathResult<FeeSplit> {
    let fee = fee_ceil(gross, fee_bps)?;
    let net = gross.checked_sub(fee).ok_or(MathError::Overflow)?;
    Ok(FeeSplit { gross, fee, net })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_rounds_up() {
        assert_eq!(fee_ceil(10_000, 30), Ok(30));
        assert_eq!(fee_ceil(10_001, 30), Ok(31)); // 30.003 -> 31
        assert_eq!(fee_ceil(1, 1), Ok(1)); // 0.0001 -> 1
        assert_eq!(fee_ceil(0, 10_000), Ok(0));
        assert_eq!(fee_ceil(123, 0), Ok(0));
    }

    #[test]
    fn full_rate_takes_everything_and_more_is_invalid() {
        assert_eq!(fee_ceil(u64::MAX, 10_000), Ok(u64::MAX));
        assert_eq!(fee_ceil(1, 10_001), Err(MathError::InvalidBps));
        assert_eq!(split_fee(1, u16::MAX), Err(MathError::InvalidBps));
    }

    #[test]
    fn bps_floor_rounds_down_and_refuses_more_than_one_whole() {
        assert_eq!(bps_floor(10_000, 30), Ok(30));
        assert_eq!(bps_floor(10_001, 30), Ok(30)); // 30.003 -> 30
        assert_eq!(bps_floor(9_999, 1), Ok(0)); // 0.9999 -> 0
        assert_eq!(bps_floor(u64::MAX, 10_000), Ok(u64::MAX));
        // (2^64 - 1) / 10_000 = 1_844_674_407_370_955.1615 -> ..955
        assert_eq!(bps_floor(u64::MAX, 1), Ok(1_844_674_407_370_955));
        assert_eq!(bps_floor(1, 10_001), Err(MathError::InvalidBps));
    }

    #[test]
    fn split_keeps_the_total() {
        assert_eq!(
            split_fee(1_000, 25),
            Ok(FeeSplit {
                gross: 1_000,
                fee: 3,
                net: 997
            }) // 2.5 -> 3
        );
        assert_eq!(
            split_fee(u64::MAX, 1),
            // (2^64 - 1) / 10_000 = 1_844_674_407_370_955.1615 -> 1_844_674_407_370_956
            Ok(FeeSplit {
                gross: u64::MAX,
                fee: 1_844_674_407_370_956,
                net: u64::MAX - 1_844_674_407_370_956
            })
        );
    }
}

//! Withdrawal buckets (DESIGN.md section 4): amounts kept in unscaled units against a
//! cumulative `scale` (WAD, starts at 1e18, only shrinks when the bucket is slashed).
//!
//! What must hold: a request joining a bucket of scale `s` records
//! `floor(amount * 1e18 / s)` unscaled units, and a claim pays
//! `floor(unscaled * s' / 1e18)` at the bucket's scale `s'` then. Both round down, so a
//! request at scale `s` claims at most its amount (and loses at most one base unit to
//! rounding when the scale has not moved), and the claims of all tickets sum to at most the
//! bucket's own scaled total.
//!
//! Slashing (DESIGN.md section 5) can drive a bucket's scale down to 0 (a fully slashed
//! bucket: every claim pays 0) and, after deep slashes, push unscaled units past `u64::MAX`
//! (an amount joining at scale `s` records `amount * 1e18 / s` units). So unscaled units
//! are `u128` (a `u64` amount times 1e18 over a scale of at least 1 always fits), and a
//! scale of 0 is a valid, wiped bucket.
use crate::{mul_div_floor, to_u64, MathError, MathResult, WAD};

/// The scale of a bucket that has never been slashed: 1.0 as a WAD.
pub const INITIAL_BUCKET_SCALE: u128 = WAD;

fn check_scale(scale_wad: u128) -> MathResult<()> {
    if scale_wad == 0 || scale_wad > WAD {
        Err(MathError::InvalidScale)
    } else {
        Ok(())
    }
}

/// `floor(amount * WAD / scale_wad)` in `u128` unscaled units: rounding down means a ticket
/// never records a larger claim on the bucket than the amount moved into it. It cannot
/// overflow (`amount * 1e18 / 1 < 2^124`), so a request may join a bucket slashed
/// arbitrarily deep, as long as something is left.
///
/// Errors: [`MathError::BucketWiped`] if `scale_wad == 0` (the bucket was slashed to
/// nothing: a claim on it would pay 0, so the caller must not move an amount into it);
/// [`MathError::InvalidScale`] if `scale_wad > WAD`.
pub fn unscaled_amount_floor(amount: u64, scale_wad: u128) -> MathResult<u128> {
    if scale_wad == 0 {
        return Err(MathError::BucketWiped);
    }
    check_scale(scale_wad)?;
    mul_div_floor(u128::from(amount), WAD, scale_wad)
}

/// `floor(unscaled * scale_wad / WAD)` from `u128` unscaled units: rounding down means a
/// claim never pays more than the ticket's exact part of the bucket, so all claims fit in
/// the bucket. A wiped bucket (`scale_wad == 0`) pays 0.
///
/// Errors: [`MathError::InvalidScale`] if `scale_wad > WAD`; [`MathError::Overflow`] if the
/// token amount exceeds `u64::MAX` (more than any reserve can hold: the units were not
/// recorded by [`unscaled_amount_floor`] at a scale at least this one).
pub fn scaled_amount_floor(unscaled: u128, scale_wad: u128) -> MathResult<u64> {
    if scale_wad == 0 {
        return Ok(0);
    }
    check_scale(scale_wad)?;
    // scale <= WAD, so the quotient is <= unscaled and fits in u128.
    to_u64(mul_div_floor(unscaled, scale_wad, WAD)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unslashed_bucket_keeps_amounts_unchanged() {
        assert_eq!(
            unscaled_amount_floor(12_345, INITIAL_BUCKET_SCALE),
            Ok(12_345)
        );
        assert_eq!(
            scaled_amount_floor(12_345, INITIAL_BUCKET_SCALE),
            Ok(12_345)
        );
        assert_eq!(
            unscaled_amount_floor(u64::MAX, WAD),
            Ok(u128::from(u64::MAX))
        );
    }

    #[test]
    fn halved_bucket_pays_half_rounded_down() {
        assert_eq!(scaled_amount_floor(1_001, WAD / 2), Ok(500));
        // joining a halved bucket: 7 tokens -> 14 unscaled -> claims 7 back
        assert_eq!(unscaled_amount_floor(7, WAD / 2), Ok(14));
        assert_eq!(scaled_amount_floor(14, WAD / 2), Ok(7));
    }

    #[test]
    fn third_scale_rounds_both_ways_down() {
        let third = WAD / 3; // 333_333_333_333_333_333
                             // 1 * 1e18 / 333_333_333_333_333_333 = 3.000000000000000003 -> 3
        assert_eq!(unscaled_amount_floor(1, third), Ok(3));
        // 3 * 333_333_333_333_333_333 / 1e18 = 0.999.. -> 0
        assert_eq!(scaled_amount_floor(3, third), Ok(0));
    }

    #[test]
    fn scale_above_one_is_refused() {
        assert_eq!(
            unscaled_amount_floor(1, WAD + 1),
            Err(MathError::InvalidScale)
        );
        assert_eq!(
            scaled_amount_floor(1, WAD + 1),
            Err(MathError::InvalidScale)
        );
    }

    #[test]
    fn u128_units_hold_what_overflows_u64() {
        // 19 tokens at scale 1 (1e-18) record 19e18 units, above u64::MAX = 18.44..e18
        assert_eq!(unscaled_amount_floor(19, 1), Ok(19 * WAD));
        assert_eq!(scaled_amount_floor(19 * WAD, 1), Ok(19));
        // the largest request at the smallest scale: (2^64 - 1) * 1e18, and back
        let most = u128::from(u64::MAX) * WAD;
        assert_eq!(unscaled_amount_floor(u64::MAX, 1), Ok(most));
        assert_eq!(scaled_amount_floor(most, 1), Ok(u64::MAX));
        // 2^64 tokens' worth of units at scale 1.0 is more than a reserve can hold
        assert_eq!(
            scaled_amount_floor(u128::from(u64::MAX) + 1, WAD),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn a_wiped_bucket_pays_nothing_and_takes_no_one() {
        assert_eq!(scaled_amount_floor(u128::MAX, 0), Ok(0));
        assert_eq!(unscaled_amount_floor(1, 0), Err(MathError::BucketWiped));
        assert_eq!(unscaled_amount_floor(0, 0), Err(MathError::BucketWiped));
    }

    #[test]
    fn u128_scale_above_one_is_refused() {
        assert_eq!(
            unscaled_amount_floor(1, WAD + 1),
            Err(MathError::InvalidScale)
        );
        assert_eq!(
            scaled_amount_floor(1, WAD + 1),
            Err(MathError::InvalidScale)
        );
    }
}

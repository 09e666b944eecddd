//! Withdrawal buckets (DESIGN.md section 4): amounts kept in unscaled units against a
//! cumulative `scale` (WAD, starts at 1e18, only shrinks when the bucket is slashed).
//!
//! What must hold: a request joining a bucket of scale `s` records
//! `floor(amount * 1e18 / s)` unscaled units, and a claim pays
//! `floor(unscaled * s' / 1e18)` at the bucket's scale `s'` then. Both round down, so a
//! request at scale `s` claims at most its amount (and loses at most one base unit to
//! rounding when the scale has not moved), and the claims of all tickets sum to at most the
//! bucket's own scaled total. The scale must be in `1..=WAD`.
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

/// `floor(amount * WAD / scale_wad)`: rounding down means a ticket never records a larger
/// claim on the bucket than the amount moved into it.
///
/// Errors: [`MathError::InvalidScale`] if `scale_wad` is 0 or above WAD;
/// [`MathError::Overflow`] if the result exceeds `u64::MAX` (a large request joining a
/// bucket whose scale was slashed far down).
pub fn unscaled_amount_floor(amount: u64, scale_wad: u128) -> MathResult<u64> {
    check_scale(scale_wad)?;
    to_u64(mul_div_floor(u128::from(amount), WAD, scale_wad)?)
}

/// `floor(unscaled * scale_wad / WAD)`: rounding down means a claim never pays more than
/// the ticket's exact part of the bucket, so all claims fit in the bucket.
///
/// Errors: [`MathError::InvalidScale`] if `scale_wad` is 0 or above WAD.
pub fn scaled_amount_floor(unscaled: u64, scale_wad: u128) -> MathResult<u64> {
    check_scale(scale_wad)?;
    // scale <= WAD, so the result is <= unscaled and fits.
    to_u64(mul_div_floor(u128::from(unscaled), scale_wad, WAD)?)
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
        assert_eq!(unscaled_amount_floor(u64::MAX, WAD), Ok(u64::MAX));
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
    fn scale_out_of_range_is_refused() {
        assert_eq!(unscaled_amount_floor(1, 0), Err(MathError::InvalidScale));
        assert_eq!(scaled_amount_floor(1, 0), Err(MathError::InvalidScale));
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
    fn joining_a_nearly_wiped_bucket_can_overflow() {
        assert_eq!(unscaled_amount_floor(18, 1), Ok(18 * WAD as u64));
        assert_eq!(unscaled_amount_floor(19, 1), Err(MathError::Overflow));
        // (2^64 - 1) * 1 / 1e18 = 18.44.. -> 18
        assert_eq!(scaled_amount_floor(u64::MAX, 1), Ok(18));
    }
}

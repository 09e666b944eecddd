//! Exact `a * b / d` with a 256-bit intermediate, built from two `u128` limbs.
//!
//! What must hold: [`mul_div_floor`] returns exactly `floor(a * b / d)` and
//! [`mul_div_ceil`] exactly `ceil(a * b / d)` for every `u128` input, or
//! [`MathError::DivisionByZero`] when `d == 0`, or [`MathError::Overflow`] when the exact
//! quotient exceeds `u128::MAX`. The product itself never overflows: it is kept in 256 bits.
//!
//! The limb arithmetic uses `wrapping_*` operations only where a comment shows the true
//! value fits, so the wrap never happens; everything else is checked.
//! Cost on SBF: a product that fits in 128 bits divides natively; otherwise a 128-step
//! shift-subtract loop runs (the quotient must fit in 128 bits, so 128 steps suffice).
use crate::{MathError, MathResult};

const LOW_64: u128 = u64::MAX as u128;

/// An unsigned 256-bit integer `hi * 2^128 + lo`.
///
/// Field order makes the derived `Ord` the numeric order (compare `hi`, then `lo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct U256 {
    /// The upper 128 bits.
    pub hi: u128,
    /// The lower 128 bits.
    pub lo: u128,
}

impl U256 {
    /// Zero.
    pub const ZERO: U256 = U256 { hi: 0, lo: 0 };

    /// `x` widened to 256 bits.
    pub const fn from_u128(x: u128) -> U256 {
        U256 { hi: 0, lo: x }
    }

    /// The value as a `u128`, if it fits.
    pub const fn to_u128(self) -> Option<u128> {
        if self.hi == 0 {
            Some(self.lo)
        } else {
            None
        }
    }
}

/// The exact 256-bit product `a * b` (schoolbook multiplication on 64-bit halves).
pub fn widening_mul(a: u128, b: u128) -> U256 {
    let (a_hi, a_lo) = (a.wrapping_shr(64), a & LOW_64);
    let (b_hi, b_lo) = (b.wrapping_shr(64), b & LOW_64);
    // Each partial product of two values < 2^64 is <= (2^64 - 1)^2 < 2^128: no wrap.
    let ll = a_lo.wrapping_mul(b_lo);
    let lh = a_lo.wrapping_mul(b_hi);
    let hl = a_hi.wrapping_mul(b_lo);
    let hh = a_hi.wrapping_mul(b_hi);
    // Column 64..128: three terms each < 2^64, so the sum is < 3 * 2^64: no wrap.
    let mid = ll
        .wrapping_shr(64)
        .wrapping_add(lh & LOW_64)
        .wrapping_add(hl & LOW_64);
    let lo = mid.wrapping_shl(64) | (ll & LOW_64);
    // The exact product is < 2^256, so its upper half (this sum, carries included) is
    // < 2^128: no wrap.
    let hi = hh
        .wrapping_add(lh.wrapping_shr(64))
        .wrapping_add(hl.wrapping_shr(64))
        .wrapping_add(mid.wrapping_shr(64));
    U256 { hi, lo }
}

/// `(floor(n / d), n mod d)` when the quotient fits in `u128`.
///
/// Errors: [`MathError::DivisionByZero`] if `d == 0`; [`MathError::Overflow`] if
/// `n / d >= 2^128` (exactly when `n.hi >= d`).
pub fn div_rem_u256(n: U256, d: u128) -> MathResult<(u128, u128)> {
    if d == 0 {
        return Err(MathError::DivisionByZero);
    }
    if n.hi == 0 {
        let q = n.lo.checked_div(d).ok_or(MathError::DivisionByZero)?;
        let r = n.lo.checked_rem(d).ok_or(MathError::DivisionByZero)?;
        return Ok((q, r));
    }
    if n.hi >= d {
        // n >= hi * 2^128 >= d * 2^128: the quotient needs more than 128 bits.
        return Err(MathError::Overflow);
    }
    // Restoring long division, one bit of `n.lo` at a time. Invariant: rem < d.
    let mut rem = n.hi;
    let mut quo: u128 = 0;
    for i in (0..128u32).rev() {
        // The true next remainder is 2 * rem + bit < 2d, possibly >= 2^128 (carry set).
        let carry = rem.wrapping_shr(127) == 1;
        let bit = n.lo.wrapping_shr(i) & 1;
        rem = rem.wrapping_shl(1) | bit;
        quo = quo.wrapping_shl(1);
        if carry || rem >= d {
            // The true value minus d is < d < 2^128, so the wrapping subtraction of the
            // truncated value gives it exactly.
            rem = rem.wrapping_sub(d);
            quo |= 1;
        }
    }
    Ok((quo, rem))
}

/// `floor(a * b / denominator)`, exact through a 256-bit product; a primitive: each caller
/// picks floor or ceil so that the rounding favours the vault.
///
/// Errors: [`MathError::DivisionByZero`] if `denominator == 0`; [`MathError::Overflow`] if
/// the quotient exceeds `u128::MAX`.
pub fn mul_div_floor(a: u128, b: u128, denominator: u128) -> MathResult<u128> {
    div_rem_u256(widening_mul(a, b), denominator).map(|(q, _)| q)
}

/// `ceil(a * b / denominator)`, exact through a 256-bit product; for amounts owed to the
/// vault (fees, losses), where rounding up favours it.
///
/// Errors: as [`mul_div_floor`]; also [`MathError::Overflow`] if the floor is `u128::MAX`
/// and a remainder is left.
pub fn mul_div_ceil(a: u128, b: u128, denominator: u128) -> MathResult<u128> {
    let (q, r) = div_rem_u256(widening_mul(a, b), denominator)?;
    if r == 0 {
        Ok(q)
    } else {
        q.checked_add(1).ok_or(MathError::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MAX: u128 = u128::MAX;

    #[test]
    fn widening_mul_of_max_by_max_is_two_pow_256_minus_two_pow_129_plus_one() {
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1 = (2^128 - 2) * 2^128 + 1
        assert_eq!(widening_mul(MAX, MAX), U256 { hi: MAX - 1, lo: 1 });
    }

    #[test]
    fn widening_mul_of_two_pow_64_squared_is_two_pow_128() {
        assert_eq!(widening_mul(1 << 64, 1 << 64), U256 { hi: 1, lo: 0 });
        assert_eq!(widening_mul(1 << 127, 2), U256 { hi: 1, lo: 0 });
        assert_eq!(widening_mul(0, MAX), U256::ZERO);
    }

    #[test]
    fn max_operands_divide_back_exactly() {
        assert_eq!(mul_div_floor(MAX, MAX, MAX), Ok(MAX));
        assert_eq!(mul_div_ceil(MAX, MAX, MAX), Ok(MAX));
        assert_eq!(mul_div_floor(MAX, 7, 7), Ok(MAX));
        assert_eq!(mul_div_floor(MAX, 1, 1), Ok(MAX));
        assert_eq!(mul_div_floor(MAX, 0, 1), Ok(0));
    }

    #[test]
    fn quotient_of_exactly_two_pow_128_is_an_overflow() {
        // x^2 = (x - 1)(x + 1) + 1, so floor(x^2 / (x - 1)) = x + 1 = 2^128 for x = 2^128 - 1.
        assert_eq!(mul_div_floor(MAX, MAX, MAX - 1), Err(MathError::Overflow));
        assert_eq!(mul_div_floor(1 << 64, 1 << 64, 1), Err(MathError::Overflow));
        assert_eq!(mul_div_floor(MAX, 2, 1), Err(MathError::Overflow));
        assert_eq!(mul_div_floor(MAX, MAX, 1 << 127), Err(MathError::Overflow));
    }

    #[test]
    fn inexact_quotient_rounds_down_for_floor_and_up_for_ceil() {
        // 2^128 = (2^64 + 1)(2^64 - 1) + 1
        let d = (1u128 << 64) + 1;
        assert_eq!(mul_div_floor(1 << 64, 1 << 64, d), Ok((1 << 64) - 1));
        assert_eq!(mul_div_ceil(1 << 64, 1 << 64, d), Ok(1 << 64));
        assert_eq!(mul_div_floor(7, 3, 2), Ok(10));
        assert_eq!(mul_div_ceil(7, 3, 2), Ok(11));
    }

    #[test]
    fn ceil_overflows_when_floor_is_max_with_a_remainder() {
        // 2^129 - 1 = 2 * MAX + 1 and MAX = 3 (mod 7), so b = (2 * MAX + 1) / 7 is exact.
        let b = 2 * (MAX / 7) + 1;
        assert_eq!(mul_div_floor(7, b, 2), Ok(MAX));
        assert_eq!(mul_div_ceil(7, b, 2), Err(MathError::Overflow));
    }

    #[test]
    fn zero_denominator_is_division_by_zero() {
        assert_eq!(mul_div_floor(1, 1, 0), Err(MathError::DivisionByZero));
        assert_eq!(mul_div_ceil(0, 0, 0), Err(MathError::DivisionByZero));
        assert_eq!(
            div_rem_u256(U256 { hi: 1, lo: 0 }, 0),
            Err(MathError::DivisionByZero)
        );
    }

    #[test]
    fn denominator_max_divides_large_products() {
        // (2^128 - 1) * 2^127 / (2^128 - 1) = 2^127
        assert_eq!(mul_div_floor(MAX, 1 << 127, MAX), Ok(1 << 127));
        // 2^128 / (2^128 - 1) = 1 remainder 1
        assert_eq!(mul_div_floor(1 << 64, 1 << 64, MAX), Ok(1));
        assert_eq!(mul_div_ceil(1 << 64, 1 << 64, MAX), Ok(2));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn matches_native_u128_when_the_product_fits(a in any::<u64>(), b in any::<u64>(), d in 1..=u128::MAX) {
            let p = u128::from(a) * u128::from(b);
            prop_assert_eq!(mul_div_floor(a.into(), b.into(), d), Ok(p / d));
            let ceil = p / d + u128::from(p % d != 0);
            prop_assert_eq!(mul_div_ceil(a.into(), b.into(), d), Ok(ceil));
        }

        #[test]
        fn widening_mul_is_commutative_and_matches_u128_low_half(a in any::<u128>(), b in any::<u128>()) {
            let p = widening_mul(a, b);
            prop_assert_eq!(p, widening_mul(b, a));
            prop_assert_eq!(p.lo, a.wrapping_mul(b));
            prop_assert_eq!(p.hi == 0, a.checked_mul(b).is_some());
        }
    }
}

//! `mul_div_floor` / `mul_div_ceil` against an independent schoolbook reference: the
//! quotient `q` of `a * b / d` is right exactly when `q * d <= a * b < (q + 1) * d`, and the
//! quotient overflows exactly when `a * b >= 2^128 * d`.
mod common;

use common::{big, prod, two_pow_128};
use proptest::prelude::*;
use restaking_math::{mul_div_ceil, mul_div_floor, widening_mul, MathError};

/// A `u128` of random bit length, so small, medium and full-width values all show up.
fn any_width() -> impl Strategy<Value = u128> {
    prop_oneof![
        any::<u128>(),
        (any::<u128>(), 0u32..128).prop_map(|(x, shift)| x >> shift),
        Just(u128::MAX),
        Just(1u128),
        Just(0u128),
        (0u32..128).prop_map(|k| 1u128 << k),
        (1u32..128).prop_map(|k| (1u128 << k) - 1),
    ]
}

fn nonzero_width() -> impl Strategy<Value = u128> {
    any_width().prop_map(|d| d.max(1))
}

fn check_floor(a: u128, b: u128, d: u128) -> Result<(), TestCaseError> {
    let exact = prod(a, b);
    match mul_div_floor(a, b, d) {
        Ok(q) => {
            prop_assert!(prod(q, d) <= exact, "q * d > a * b");
            prop_assert!(prod(q, d).add(&big(d)) > exact, "(q + 1) * d <= a * b");
        }
        Err(e) => {
            prop_assert_eq!(e, MathError::Overflow);
            prop_assert!(
                exact >= two_pow_128().mul(&big(d)),
                "overflow reported but q fits"
            );
        }
    }
    Ok(())
}

fn check_ceil(a: u128, b: u128, d: u128) -> Result<(), TestCaseError> {
    let exact = prod(a, b);
    match mul_div_ceil(a, b, d) {
        Ok(q) => {
            prop_assert!(prod(q, d) >= exact, "q * d < a * b");
            if q > 0 {
                prop_assert!(prod(q - 1, d) < exact, "(q - 1) * d >= a * b");
            }
        }
        Err(e) => {
            prop_assert_eq!(e, MathError::Overflow);
            // ceil > MAX  <=>  a * b > MAX * d
            prop_assert!(
                exact > prod(u128::MAX, d),
                "overflow reported but ceil fits"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn floor_is_the_exact_quotient_or_an_overflow(a in any_width(), b in any_width(), d in nonzero_width()) {
        check_floor(a, b, d)?;
    }

    #[test]
    fn ceil_is_the_exact_quotient_rounded_up_or_an_overflow(a in any_width(), b in any_width(), d in nonzero_width()) {
        check_ceil(a, b, d)?;
    }

    #[test]
    fn known_quotients_near_the_divisor_are_exact(a in any_width(), d in nonzero_width()) {
        // a * d / d = a
        prop_assert_eq!(mul_div_floor(a, d, d), Ok(a));
        prop_assert_eq!(mul_div_ceil(a, d, d), Ok(a));
        // a * (d + 1) / d = a + a / d, remainder a mod d
        if let Some(d1) = d.checked_add(1) {
            let inexact = u128::from(a % d != 0);
            match a.checked_add(a / d) {
                Some(f) => {
                    prop_assert_eq!(mul_div_floor(a, d1, d), Ok(f));
                    prop_assert_eq!(mul_div_ceil(a, d1, d), f.checked_add(inexact).ok_or(MathError::Overflow));
                }
                None => prop_assert_eq!(mul_div_floor(a, d1, d), Err(MathError::Overflow)),
            }
        }
        // a * (d - 1) / d = a - a / d - [a mod d != 0] (floor), a - a / d (ceil)
        if d > 1 {
            let inexact = u128::from(a % d != 0);
            prop_assert_eq!(mul_div_floor(a, d - 1, d), Ok(a - a / d - inexact));
            prop_assert_eq!(mul_div_ceil(a, d - 1, d), Ok(a - a / d));
        }
    }

    #[test]
    fn widening_mul_matches_the_reference_product(a in any_width(), b in any_width()) {
        let p = widening_mul(a, b);
        prop_assert_eq!(big(p.hi).mul(&two_pow_128()).add(&big(p.lo)), prod(a, b));
    }

    #[test]
    fn floor_and_ceil_differ_by_one_exactly_when_inexact(a in any::<u64>(), b in any_width(), d in nonzero_width()) {
        if let (Ok(f), Ok(c)) = (mul_div_floor(a.into(), b, d), mul_div_ceil(a.into(), b, d)) {
            let exact = prod(a.into(), b) == prod(f, d);
            prop_assert_eq!(c, if exact { f } else { f + 1 });
        }
    }
}

#[test]
fn edge_operands_agree_with_the_reference() {
    let edges = [
        0,
        1,
        2,
        3,
        u128::from(u64::MAX),
        1 << 64,
        (1 << 64) + 1,
        1 << 127,
        (1 << 127) + 1,
        u128::MAX - 1,
        u128::MAX,
        1_000_000_000_000_000_000,
    ];
    for &a in &edges {
        for &b in &edges {
            for &d in edges.iter().filter(|&&d| d > 0) {
                check_floor(a, b, d).unwrap();
                check_ceil(a, b, d).unwrap();
            }
            assert_eq!(mul_div_floor(a, b, 0), Err(MathError::DivisionByZero));
            assert_eq!(mul_div_ceil(a, b, 0), Err(MathError::DivisionByZero));
        }
    }
}

#[test]
fn denominator_one_is_the_plain_product_or_an_overflow() {
    assert_eq!(
        mul_div_floor(u128::from(u64::MAX), u128::from(u64::MAX), 1),
        Ok(u128::from(u64::MAX) * u128::from(u64::MAX))
    );
    assert_eq!(mul_div_floor(1 << 64, 1 << 64, 1), Err(MathError::Overflow));
    assert_eq!(mul_div_floor(u128::MAX, 1, 1), Ok(u128::MAX));
}

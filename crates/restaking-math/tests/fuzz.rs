//! Fuzzing (issue 11, item 3): every public function of `restaking-math` under arbitrary
//! inputs across the whole integer ranges. Each property asserts that the function does
//! not panic (an arithmetic overflow panics in test builds, so "no panic" includes "no
//! unchecked overflow"), that it only fails with a `MathError`/`PriceError` whose
//! documented condition holds, and that every `Ok` result respects the bound its doc
//! states (a floor never exceeds the exact value, a ceil is never below it, parts sum to
//! the whole, ...), checked with arithmetic independent of the crate: native `u128` where
//! the exact value fits, and the schoolbook big integers of `tests/common` where it does
//! not.
//!
//! cargo-fuzz targets need nightly and their own toolchain set-up, which CI does not have,
//! so these are proptest properties over arbitrary inputs, with strategies that mix
//! uniformly random full-width values, random bit lengths and the edges (0, 1, WAD,
//! `u64::MAX`, `u128::MAX`, their neighbours).
//!
//! How many cases: `FUZZ_CASES` per property if set, else `PROPTEST_CASES`, else
//! proptest's default (256); the default run of this file takes a few seconds. A long run:
//!
//! ```text
//! FUZZ_CASES=1000000 cargo test --release -p restaking-math --test fuzz -- --nocapture
//! ```
//!
//! Each property prints how many times it ran the functions under test (`--nocapture`
//! shows it), shrinking included.
//!
//! Findings, both fixed in the crate: `restored_scale_floor` panicked for `scale_now >
//! 1e18` (`Ord::clamp` with a minimum above its maximum) and now returns `InvalidScale`;
//! `execution_loss` returned `Take { loss: 0 }` for a zero fraction, against its doc
//! (`0 < loss`), and now returns `InvalidFraction`. Neither was reachable on chain (bucket
//! scales never exceed 1e18; the registry refuses zero fractions first); the named tests
//! `finding_*` keep them fixed.
// Several parallel per-asset arrays are read at the same index, as the formulas do.
#![allow(clippy::needless_range_loop)]
mod common;

use std::{cell::Cell, fmt::Debug};

use common::{big, prod, two_pow_128, Big};
use proptest::{
    prelude::*,
    test_runner::{Config, TestCaseError, TestRunner},
};
use restaking_math::*;

// ---------- the runner ----------

/// Cases per property: `FUZZ_CASES`, else `PROPTEST_CASES`, else proptest's default.
fn cases() -> u32 {
    ["FUZZ_CASES", "PROPTEST_CASES"]
        .iter()
        .find_map(|name| std::env::var(name).ok()?.trim().parse().ok())
        .unwrap_or_else(|| Config::default().cases)
}

/// Runs `property` over `strategy` (a panic inside is a failure, shrunk like any other),
/// prints how many executions it made, and fails the test with the minimal failing input.
fn fuzz<S>(name: &str, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let executions = Cell::new(0u64);
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |value| {
        executions.set(executions.get() + 1);
        property(value)
    });
    println!("fuzz {name}: {} executions", executions.get());
    if let Err(failure) = result {
        panic!("fuzz {name}: {failure}");
    }
}

// ---------- strategies: whole ranges, random bit lengths, edges ----------

const EDGES_128: [u128; 16] = [
    0,
    1,
    2,
    3,
    9_999,
    10_000,
    WAD - 1,
    WAD,
    WAD + 1,
    u64::MAX as u128,
    1 << 64,
    (1 << 64) + 1,
    1 << 127,
    WAD * WAD,
    u128::MAX - 1,
    u128::MAX,
];

const EDGES_64: [u64; 10] = [
    0,
    1,
    2,
    9_999,
    10_000,
    1 << 32,
    1_000_000_000,
    u64::MAX / 2,
    u64::MAX - 1,
    u64::MAX,
];

/// Any `u128`: uniform, random bit length, an edge or an edge's neighbour.
fn wide() -> BoxedStrategy<u128> {
    prop_oneof![
        3 => any::<u128>(),
        3 => (any::<u128>(), 0u32..128).prop_map(|(x, shift)| x >> shift),
        2 => prop::sample::select(&EDGES_128[..]),
        1 => (prop::sample::select(&EDGES_128[..]), 0u128..=4)
            .prop_map(|(edge, d)| edge.wrapping_add(d).wrapping_sub(2)),
    ]
    .boxed()
}

/// Any `u64`, the same way.
fn wide64() -> BoxedStrategy<u64> {
    prop_oneof![
        3 => any::<u64>(),
        3 => (any::<u64>(), 0u32..64).prop_map(|(x, shift)| x >> shift),
        2 => prop::sample::select(&EDGES_64[..]),
    ]
    .boxed()
}

/// Any `u16` of basis points: valid, the boundary and invalid ones.
fn bps() -> BoxedStrategy<u16> {
    prop_oneof![
        2 => any::<u16>(),
        2 => 0u16..=10_000,
        1 => prop::sample::select(&[0u16, 1, 9_999, 10_000, 10_001, u16::MAX][..]),
    ]
    .boxed()
}

/// A WAD fraction or scale: any `u128`, biased to `0..=1e18` and its edges.
fn fraction() -> BoxedStrategy<u128> {
    prop_oneof![
        2 => wide(),
        3 => 0u128..=WAD,
        1 => prop::sample::select(&[0u128, 1, WAD / 2, WAD - 1, WAD, WAD + 1][..]),
    ]
    .boxed()
}

// ---------- independent exact checks ----------

fn one() -> Big {
    big(1)
}

/// `q == floor(num / den)` (`den > 0`), exactly.
fn is_floor(q: u128, num: &Big, den: &Big) -> bool {
    big(q).mul(den) <= *num && big(q).add(&one()).mul(den) > *num
}

/// `q == ceil(num / den)` (`den > 0`), exactly.
fn is_ceil(q: u128, num: &Big, den: &Big) -> bool {
    big(q).mul(den) >= *num && (q == 0 || big(q - 1).mul(den) < *num)
}

/// The exact quotient `num / den` does not fit below `limit + 1` (is at least `limit + 1`).
fn quotient_exceeds(num: &Big, den: &Big, limit: u128) -> bool {
    *num >= big(limit).add(&one()).mul(den)
}

fn wad() -> Big {
    big(WAD)
}

/// `floor(x * bps / 10_000)` without a product that could overflow (`bps <= 10_000`).
fn bps_of_floor(x: u128, bps: u16) -> u128 {
    let b = u128::from(bps);
    (x / 10_000) * b + (x % 10_000) * b / 10_000
}

// ---------- wide: the 256-bit primitives ----------

#[test]
fn fuzz_mul_div_floor_and_ceil() {
    fuzz(
        "mul_div_floor/ceil",
        (wide(), wide(), wide()),
        |(a, b, d)| {
            let exact = prod(a, b);
            match mul_div_floor(a, b, d) {
                Ok(q) => prop_assert!(d > 0 && is_floor(q, &exact, &big(d))),
                Err(MathError::DivisionByZero) => prop_assert_eq!(d, 0),
                Err(MathError::Overflow) => {
                    prop_assert!(d > 0 && exact >= two_pow_128().mul(&big(d)))
                }
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            match mul_div_ceil(a, b, d) {
                Ok(q) => prop_assert!(d > 0 && is_ceil(q, &exact, &big(d))),
                Err(MathError::DivisionByZero) => prop_assert_eq!(d, 0),
                // the ceil does not fit: a * b > u128::MAX * d
                Err(MathError::Overflow) => {
                    prop_assert!(d > 0 && exact > big(u128::MAX).mul(&big(d)))
                }
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_widening_mul_and_div_rem_u256() {
    fuzz(
        "widening_mul/div_rem_u256/U256",
        (wide(), wide(), wide()),
        |(a, b, d)| {
            let p = widening_mul(a, b);
            prop_assert_eq!(big(p.hi).mul(&two_pow_128()).add(&big(p.lo)), prod(a, b));
            prop_assert_eq!(p.to_u128(), a.checked_mul(b));
            prop_assert_eq!(U256::from_u128(a).to_u128(), Some(a));
            // an arbitrary 256-bit numerator: (a, b) as (hi, lo)
            let n = U256 { hi: a, lo: b };
            let n_big = big(a).mul(&two_pow_128()).add(&big(b));
            match div_rem_u256(n, d) {
                Ok((q, r)) => {
                    prop_assert!(r < d);
                    prop_assert_eq!(big(q).mul(&big(d)).add(&big(r)), n_big);
                }
                Err(MathError::DivisionByZero) => prop_assert_eq!(d, 0),
                Err(MathError::Overflow) => prop_assert!(d > 0 && a >= d),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

// ---------- value ----------

#[test]
fn fuzz_values() {
    fuzz(
        "asset_value_wad/share_price_wad/lamports_floor",
        (wide64(), wide(), wide64()),
        |(amount, price, supply)| {
            let exact = prod(amount.into(), price);
            match asset_value_wad(amount, price) {
                Ok(v) => prop_assert_eq!(big(v), exact),
                Err(MathError::Overflow) => prop_assert!(exact > big(u128::MAX)),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            match share_price_wad(price, supply) {
                Ok(p) => prop_assert!(supply > 0 && p == price / u128::from(supply)),
                Err(e) => prop_assert!(supply == 0 && e == MathError::DivisionByZero),
            }
            match lamports_floor(price) {
                Ok(l) => prop_assert_eq!(u128::from(l), price / WAD),
                Err(e) => {
                    prop_assert!(e == MathError::Overflow && price / WAD > u128::from(u64::MAX))
                }
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_basket_value_wad() {
    let basket = prop::collection::vec((wide64(), wide()), 0..12);
    fuzz("basket_value_wad", basket, |basket| {
        let exact = basket
            .iter()
            .fold(big(0), |sum, &(a, p)| sum.add(&prod(a.into(), p)));
        match basket_value_wad(&basket) {
            Ok(v) => prop_assert_eq!(big(v), exact),
            Err(e) => prop_assert!(e == MathError::Overflow && exact > big(u128::MAX)),
        }
        Ok(())
    });
}

// ---------- shares ----------

#[test]
fn fuzz_shares() {
    fuzz(
        "initial_shares_floor/shares_for_deposit_floor",
        (wide(), wide64(), wide()),
        |(value, supply, total)| {
            match initial_shares_floor(value) {
                Ok(s) => prop_assert_eq!(u128::from(s), value / WAD),
                Err(e) => {
                    prop_assert!(e == MathError::Overflow && value / WAD > u128::from(u64::MAX))
                }
            }
            let result = shares_for_deposit_floor(value, supply, total);
            if supply == 0 {
                prop_assert_eq!(result, initial_shares_floor(value));
                return Ok(());
            }
            let exact = prod(value, supply.into());
            match result {
                // never more than the exact v * S / V
                Ok(s) => prop_assert!(total > 0 && is_floor(s.into(), &exact, &big(total))),
                Err(MathError::VaultValueIsZero) => prop_assert_eq!(total, 0),
                Err(MathError::Overflow) => prop_assert!(
                    total > 0 && quotient_exceeds(&exact, &big(total), u64::MAX.into())
                ),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_amount_for_shares_floor() {
    fuzz(
        "amount_for_shares_floor",
        (wide64(), wide64(), wide64()),
        |(active, shares, supply)| {
            match amount_for_shares_floor(active, shares, supply) {
                Ok(x) => {
                    prop_assert!(supply > 0 && shares <= supply);
                    prop_assert_eq!(
                        u128::from(x),
                        u128::from(active) * u128::from(shares) / u128::from(supply)
                    );
                    prop_assert!(x <= active);
                }
                Err(MathError::DivisionByZero) => prop_assert_eq!(supply, 0),
                Err(MathError::SharesExceedSupply) => prop_assert!(supply > 0 && shares > supply),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

// ---------- allocation ----------

#[test]
fn fuzz_allocations() {
    let allocation = prop_oneof![wide64(), 0..=WAD as u64];
    fuzz(
        "allocated_stake_floor/allocation_for_value_floor/bps_to_wad",
        (wide(), allocation, wide(), bps()),
        |(value, allocation, amount, bps)| {
            match allocated_stake_floor(value, allocation) {
                // floor(value * allocation / 1e36): the allocated part, in whole lamports
                Ok(stake) => prop_assert!(
                    u128::from(allocation) <= WAD
                        && is_floor(
                            stake.into(),
                            &prod(value, allocation.into()),
                            &big(WAD * WAD)
                        )
                ),
                Err(MathError::InvalidFraction) => prop_assert!(u128::from(allocation) > WAD),
                Err(MathError::Overflow) => prop_assert!(quotient_exceeds(
                    &prod(value, allocation.into()),
                    &big(WAD * WAD),
                    u64::MAX.into()
                )),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            let exact = prod(amount, WAD);
            match allocation_for_value_floor(amount, value) {
                // at most the fraction asked for, and at most 100%
                Ok(a) => prop_assert!(
                    value > 0 && u128::from(a) <= WAD && is_floor(a.into(), &exact, &big(value))
                ),
                Err(MathError::VaultValueIsZero) => prop_assert_eq!(value, 0),
                Err(MathError::InvalidFraction | MathError::Overflow) => {
                    prop_assert!(value > 0 && quotient_exceeds(&exact, &big(value), WAD))
                }
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            match bps_to_wad(bps) {
                Ok(w) => {
                    prop_assert!(bps <= 10_000 && u128::from(w) * 10_000 == u128::from(bps) * WAD)
                }
                Err(e) => prop_assert!(e == MathError::InvalidBps && bps > 10_000),
            }
            Ok(())
        },
    );
}

// ---------- bucket ----------

#[test]
fn fuzz_bucket_amounts() {
    fuzz(
        "unscaled_amount_floor/scaled_amount_floor",
        (wide64(), fraction(), wide()),
        |(amount, scale, units)| {
            match unscaled_amount_floor(amount, scale) {
                Ok(u) => {
                    prop_assert!(scale > 0 && scale <= WAD);
                    prop_assert!(is_floor(u, &prod(amount.into(), WAD), &big(scale)));
                    // claimed back at the same scale: never more than the amount
                    let back = scaled_amount_floor(u, scale);
                    prop_assert!(matches!(back, Ok(b) if b <= amount), "{back:?}");
                }
                Err(MathError::BucketWiped) => prop_assert_eq!(scale, 0),
                Err(MathError::InvalidScale) => prop_assert!(scale > WAD),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            match scaled_amount_floor(units, scale) {
                Ok(x) => {
                    if scale == 0 {
                        prop_assert_eq!(x, 0);
                    } else {
                        prop_assert!(
                            scale <= WAD && is_floor(x.into(), &prod(units, scale), &wad())
                        );
                    }
                }
                Err(MathError::InvalidScale) => prop_assert!(scale > WAD),
                Err(MathError::Overflow) => prop_assert!(
                    scale <= WAD && quotient_exceeds(&prod(units, scale), &wad(), u64::MAX.into())
                ),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

// ---------- fees and notice ----------

#[test]
fn fuzz_fees() {
    fuzz(
        "fee_ceil/bps_floor/split_fee",
        (wide64(), bps()),
        |(amount, bps)| {
            let exact = u128::from(amount) * u128::from(bps);
            match fee_ceil(amount, bps) {
                Ok(fee) => {
                    prop_assert!(bps <= 10_000 && fee <= amount);
                    prop_assert_eq!(u128::from(fee), exact.div_ceil(10_000));
                }
                Err(e) => prop_assert!(e == MathError::InvalidBps && bps > 10_000),
            }
            match bps_floor(amount, bps) {
                Ok(part) => {
                    prop_assert!(bps <= 10_000 && part <= amount);
                    prop_assert_eq!(u128::from(part), exact / 10_000);
                }
                Err(e) => prop_assert!(e == MathError::InvalidBps && bps > 10_000),
            }
            match split_fee(amount, bps) {
                Ok(split) => {
                    prop_assert_eq!(split.gross, amount);
                    prop_assert_eq!(
                        u128::from(split.fee) + u128::from(split.net),
                        u128::from(amount)
                    );
                    prop_assert_eq!(u128::from(split.fee), exact.div_ceil(10_000));
                }
                Err(e) => prop_assert!(e == MathError::InvalidBps && bps > 10_000),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_notice() {
    fuzz(
        "effective_epoch/in_force",
        (wide64(), wide64(), any::<u32>(), any::<u32>()),
        |(announced, epoch, current, next)| {
            let from = effective_epoch(announced);
            prop_assert!(from >= announced);
            prop_assert_eq!(
                u128::from(from),
                (u128::from(announced) + 2).min(u64::MAX.into())
            );
            let value = in_force(current, next, from, epoch);
            prop_assert_eq!(value, if epoch >= from { next } else { current });
            Ok(())
        },
    );
}

// ---------- rewards ----------

#[test]
fn fuzz_split_reward() {
    fuzz(
        "split_reward",
        (wide64(), bps(), bps(), bps()),
        |(amount, commission, fee, cut)| {
            match split_reward(amount, commission, fee, cut) {
                Ok(s) => {
                    prop_assert!(commission <= 10_000 && fee <= 10_000 && cut <= 10_000);
                    let sum = u128::from(s.operator_commission)
                        + u128::from(s.insurance_part)
                        + u128::from(s.treasury_part)
                        + u128::from(s.to_pool);
                    prop_assert_eq!(sum, u128::from(amount), "parts sum to the reward");
                    prop_assert_eq!(
                        u128::from(s.vault_fee),
                        u128::from(s.insurance_part) + u128::from(s.treasury_part)
                    );
                    prop_assert_eq!(
                        u128::from(s.operator_commission),
                        u128::from(amount) * u128::from(commission) / 10_000
                    );
                    let left = u128::from(amount - s.operator_commission);
                    prop_assert_eq!(
                        u128::from(s.vault_fee),
                        (left * u128::from(fee)).div_ceil(10_000)
                    );
                    prop_assert_eq!(
                        u128::from(s.insurance_part),
                        u128::from(s.vault_fee) * u128::from(cut) / 10_000
                    );
                }
                Err(e) => prop_assert!(
                    e == MathError::InvalidBps
                        && (commission > 10_000 || fee > 10_000 || cut > 10_000)
                ),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_vesting_schedule() {
    fuzz(
        "vested_floor/unvested_ceil",
        (wide64(), wide64(), wide64(), wide64()),
        |(total, start, duration, now)| {
            let vested = vested_floor(total, start, duration, now);
            let Ok(v) = vested else {
                return Err(TestCaseError::fail(format!(
                    "vested_floor failed: {vested:?}"
                )));
            };
            prop_assert!(v <= total, "never more than was put in");
            let elapsed = now.saturating_sub(start);
            let expected = if duration == 0 {
                if now >= start {
                    total
                } else {
                    0
                }
            } else if elapsed >= duration {
                total
            } else {
                (u128::from(total) * u128::from(elapsed) / u128::from(duration)) as u64
            };
            prop_assert_eq!(v, expected);
            // never decreases with time
            if let Some(later) = now.checked_add(1) {
                let at_later = vested_floor(total, start, duration, later);
                prop_assert!(matches!(at_later, Ok(l) if l >= v), "{at_later:?} < {v}");
            }
            prop_assert_eq!(unvested_ceil(total, start, duration, now), Ok(total - v));
            Ok(())
        },
    );
}

#[derive(Debug, Clone)]
enum CohortStep {
    Accrue { slot: u64 },
    Add { amount: u64, slot: u64 },
}

fn cohort_step(
    amount: impl Strategy<Value = u64>,
    slot: impl Strategy<Value = u64> + Clone,
) -> impl Strategy<Value = CohortStep> {
    prop_oneof![
        slot.clone().prop_map(|slot| CohortStep::Accrue { slot }),
        (amount, slot).prop_map(|(amount, slot)| CohortStep::Add { amount, slot }),
    ]
}

/// `unvested`, `accrue` and `add` on arbitrary (even inconsistent) states, slots and epoch
/// lengths: no panic, and only the documented errors.
#[test]
fn fuzz_vesting_cohorts_arbitrary_states() {
    let cohorts = (wide64(), wide64(), wide64(), wide64(), wide64()).prop_map(
        |(pending, pending_epoch, vesting, vesting_epoch, vested)| VestingCohorts {
            pending,
            pending_epoch,
            vesting,
            vesting_epoch,
            vested,
        },
    );
    let epoch_length = prop_oneof![wide64(), 1u64..=1_000];
    fuzz(
        "VestingCohorts (arbitrary states)",
        (
            cohorts,
            epoch_length,
            prop::collection::vec(cohort_step(wide64(), wide64()), 1..8),
        ),
        |(mut c, epoch_length, steps)| {
            for step in steps {
                let paid = u128::from(c.pending) + u128::from(c.vesting);
                match c.unvested() {
                    Ok(u) => prop_assert_eq!(u128::from(u) + u128::from(c.vested), paid),
                    Err(e) => prop_assert!(
                        e == MathError::Overflow
                            && (paid > u64::MAX.into() || u128::from(c.vested) > paid)
                    ),
                }
                let result = match step {
                    CohortStep::Accrue { slot } => c.accrue(slot, epoch_length).map(|_| ()),
                    CohortStep::Add { amount, slot } => c.add(amount, slot, epoch_length),
                };
                if let Err(e) = result {
                    prop_assert!(
                        e == MathError::Overflow
                            || e == MathError::DivisionByZero && epoch_length == 0,
                        "unexpected {e:?}"
                    );
                    // the state may be half-moved: a program discards it with the transaction
                    return Ok(());
                }
            }
            Ok(())
        },
    );
}

/// From an empty ledger, payments and accruals at slots that only move forward (as on
/// chain), with amounts whose totals fit a `u64` and arbitrary epoch lengths: nothing is
/// created or lost (`credited + unvested == paid` after every step), and what arrives in
/// an epoch releases nothing during it.
#[test]
fn fuzz_vesting_cohorts_reachable_states() {
    let epoch_length = prop_oneof![wide64().prop_map(|l| l.max(1)), 1u64..=1_000];
    let slot_step = prop_oneof![0u64..=3, 0u64..=2_000, wide64()];
    fuzz(
        "VestingCohorts (reachable states)",
        (
            wide64(),
            epoch_length,
            // at most 12 payments of at most u64::MAX / 16: every total fits a u64, as a
            // reserve's does
            prop::collection::vec(cohort_step(0..=u64::MAX / 16, slot_step), 1..12),
        ),
        |(start, epoch_length, steps)| {
            let mut c = VestingCohorts::default();
            let (mut slot, mut paid, mut credited) = (start, 0u128, 0u128);
            for step in steps {
                let before = c;
                match step {
                    CohortStep::Accrue { slot: advance } => {
                        slot = slot.saturating_add(advance);
                        match c.accrue(slot, epoch_length) {
                            Ok(released) => {
                                credited += u128::from(released);
                                let cur = slot / epoch_length;
                                if before.vesting == 0 && before.pending_epoch == cur {
                                    prop_assert_eq!(released, 0, "released during its own epoch");
                                }
                            }
                            Err(e) => prop_assert!(false, "accrue failed: {e:?} on {before:?}"),
                        }
                    }
                    CohortStep::Add {
                        amount,
                        slot: advance,
                    } => {
                        slot = slot.saturating_add(advance);
                        // the program accrues to the slot before adding
                        let released = c.accrue(slot, epoch_length);
                        prop_assert!(released.is_ok(), "accrue failed: {released:?}");
                        credited += u128::from(released.unwrap());
                        let added = c.add(amount, slot, epoch_length);
                        prop_assert!(added.is_ok(), "add failed: {added:?} on {before:?}");
                        paid += u128::from(amount);
                    }
                }
                let unvested = c.unvested();
                prop_assert!(
                    matches!(unvested, Ok(u) if u128::from(u) + credited == paid),
                    "paid {paid}, credited {credited}, unvested {unvested:?} after {before:?} -> {c:?}"
                );
            }
            Ok(())
        },
    );
}

// ---------- slash: losses, caps, fractions ----------

#[test]
fn fuzz_slash_losses_and_caps() {
    fuzz(
        "slash_loss_ceil/per_epoch_cap_floor/capped",
        (wide(), fraction(), bps(), wide()),
        |(stake, wad_fraction, cap_bps, already)| {
            match slash_loss_ceil(stake, wad_fraction) {
                Ok(loss) => {
                    prop_assert!(wad_fraction <= WAD && loss <= stake);
                    prop_assert!(is_ceil(loss, &prod(stake, wad_fraction), &wad()));
                    // no dust escape
                    prop_assert!(stake == 0 || wad_fraction == 0 || loss > 0);
                }
                Err(e) => prop_assert!(e == MathError::InvalidFraction && wad_fraction > WAD),
            }
            match per_epoch_cap_floor(stake, cap_bps, already) {
                Ok(room) => {
                    prop_assert!(cap_bps <= 10_000);
                    prop_assert_eq!(room, bps_of_floor(stake, cap_bps).saturating_sub(already));
                }
                Err(e) => prop_assert!(e == MathError::InvalidBps && cap_bps > 10_000),
            }
            prop_assert_eq!(capped(stake, already), stake.min(already));
            Ok(())
        },
    );
}

#[test]
fn fuzz_execution_loss() {
    let input = (
        (wide64(), wide64(), fraction(), fraction()),
        (bps(), wide64(), bps(), wide64()),
    )
        .prop_map(
            |(
                (stake_at_capture, remaining, request_wad, max_slash_wad),
                (avs_cap_bps, avs_slashed, registry_cap_bps, vault_slashed),
            )| ExecutionInput {
                stake_at_capture,
                remaining,
                request_wad,
                max_slash_wad,
                avs_cap_bps,
                avs_slashed,
                registry_cap_bps,
                vault_slashed,
            },
        );
    fuzz("execution_loss", input, |input| {
        let stake = u128::from(input.stake_at_capture);
        let wad_fraction = input.request_wad.min(input.max_slash_wad);
        match execution_loss(&input) {
            Ok(ExecutionLoss::Take {
                requested,
                loss,
                avs_room,
                vault_room,
            }) => {
                prop_assert!(loss <= requested, "loss <= requested");
                prop_assert!(wad_fraction > 0, "a zero fraction takes nothing");
                prop_assert!(loss > 0, "0 < loss");
                prop_assert!(loss <= input.remaining && loss <= avs_room && loss <= vault_room);
                prop_assert!(u128::from(requested) <= stake);
                prop_assert!(is_ceil(
                    requested.into(),
                    &prod(stake, wad_fraction),
                    &wad()
                ));
                let avs_cap = bps_of_floor(stake, input.avs_cap_bps);
                prop_assert_eq!(
                    u128::from(avs_room),
                    avs_cap.saturating_sub(input.avs_slashed.into())
                );
                let vault_cap = bps_of_floor(stake, input.registry_cap_bps);
                prop_assert_eq!(
                    u128::from(vault_room),
                    vault_cap.saturating_sub(input.vault_slashed.into())
                );
                prop_assert_eq!(
                    loss,
                    requested.min(avs_room).min(vault_room).min(input.remaining)
                );
            }
            Ok(ExecutionLoss::NoStake) => {
                prop_assert!(input.stake_at_capture == 0 || input.remaining == 0)
            }
            Ok(ExecutionLoss::AvsCapUsed) => prop_assert!(
                bps_of_floor(stake, input.avs_cap_bps) <= u128::from(input.avs_slashed)
            ),
            Ok(ExecutionLoss::VaultCapUsed) => prop_assert!(
                bps_of_floor(stake, input.registry_cap_bps) <= u128::from(input.vault_slashed)
            ),
            Err(MathError::InvalidFraction) => {
                prop_assert!(wad_fraction == 0 || wad_fraction > WAD)
            }
            Err(MathError::InvalidBps) => {
                prop_assert!(input.avs_cap_bps > 10_000 || input.registry_cap_bps > 10_000)
            }
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
        Ok(())
    });
}

#[test]
fn fuzz_slash_fractions_and_scales() {
    fuzz(
        "slash_fraction_ceil/pro_rata_take_ceil/slashed_scale_floor",
        (wide(), wide(), wide64(), fraction(), fraction()),
        |(rest, base, amount, f, scale)| {
            match slash_fraction_ceil(rest, base) {
                Ok(fr) => {
                    prop_assert!(fr <= WAD);
                    if rest == 0 || base == 0 {
                        prop_assert_eq!(fr, 0);
                    } else if fr < WAD {
                        prop_assert!(is_ceil(fr, &prod(rest, WAD), &big(base)));
                    } else {
                        // ceil(rest / base) >= 1: rest * 1e18 > (1e18 - 1) * base
                        prop_assert!(prod(rest, WAD) > prod(WAD - 1, base));
                    }
                }
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            match pro_rata_take_ceil(amount, f) {
                Ok(take) => {
                    prop_assert!(f <= WAD && take <= amount);
                    prop_assert!(is_ceil(take.into(), &prod(amount.into(), f), &wad()));
                }
                Err(e) => prop_assert!(e == MathError::InvalidFraction && f > WAD),
            }
            match slashed_scale_floor(scale, f) {
                Ok(s) => {
                    prop_assert!(f <= WAD && scale <= WAD && s <= scale);
                    prop_assert!(is_floor(s, &prod(scale, WAD - f), &wad()));
                }
                Err(MathError::InvalidFraction) => prop_assert!(f > WAD),
                Err(MathError::InvalidScale) => prop_assert!(f <= WAD && scale > WAD),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

// ---------- slash: the waterfall plan ----------

fn bucket_input() -> impl Strategy<Value = BucketInput> {
    (
        any::<bool>(),
        fraction(),
        prop::array::uniform8(prop_oneof![
            1 => wide(),
            8 => wide64().prop_map(u128::from),
            4 => Just(0u128),
        ]),
    )
        .prop_map(|(present, scale_wad, unscaled)| BucketInput {
            present,
            scale_wad,
            unscaled,
        })
}

fn slash_input() -> impl Strategy<Value = SlashInput> {
    let price = prop_oneof![1 => wide(), 12 => WAD / 2..=2 * WAD, 3 => 1u128..=1_000_000];
    // bond and insurance: arbitrary, or parts of the supply (so most inputs are valid)
    let shares = prop_oneof![
        1 => (wide64(), wide64(), wide64()),
        3 => (wide64(), any::<u16>(), any::<u16>()).prop_map(|(supply, a, b)| {
            let part = |x: u16| ((u128::from(supply) * u128::from(x)) >> 17) as u64;
            (supply, part(a), part(b))
        }),
    ];
    (
        (wide(), shares).prop_map(|(loss, (s, b, i))| (loss, s, b, i)),
        prop_oneof![4 => 0u8..=8, 1 => any::<u8>()],
        prop::array::uniform8(wide64()),
        prop::array::uniform8(price),
        prop::array::uniform2(bucket_input()),
    )
        .prop_map(
            |(
                (loss_wad, share_supply, bond_shares, insurance_shares),
                asset_count,
                active,
                price_wad,
                buckets,
            )| {
                SlashInput {
                    loss_wad,
                    share_supply,
                    bond_shares,
                    insurance_shares,
                    asset_count,
                    active,
                    price_wad,
                    buckets,
                }
            },
        )
}

fn value_of(amounts: &[u64; MAX_ASSETS], prices: &[u128; MAX_ASSETS], n: usize) -> Big {
    (0..n).fold(big(0), |sum, k| {
        sum.add(&prod(amounts[k].into(), prices[k]))
    })
}

#[test]
fn fuzz_plan_slash() {
    let planned = Cell::new(0u64);
    fuzz("plan_slash", slash_input(), |input| {
        let n = usize::from(input.asset_count);
        let plan = match plan_slash(&input) {
            Ok(plan) => plan,
            Err(MathError::InvalidAssetCount) => {
                prop_assert!(n > MAX_ASSETS);
                return Ok(());
            }
            Err(MathError::SharesExceedSupply) => {
                prop_assert!(
                    u128::from(input.bond_shares) + u128::from(input.insurance_shares)
                        > u128::from(input.share_supply)
                );
                return Ok(());
            }
            Err(MathError::InvalidScale) => {
                prop_assert!(input.buckets.iter().any(|b| b.present && b.scale_wad > WAD));
                return Ok(());
            }
            // values or sums beyond any vault: allowed, as long as it is an error
            Err(MathError::Overflow) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("unexpected {e:?}"))),
        };
        planned.set(planned.get() + 1);
        prop_assert!(n <= MAX_ASSETS);
        // shares
        prop_assert!(plan.bond_shares_burnt <= input.bond_shares);
        prop_assert!(plan.insurance_shares_burnt <= input.insurance_shares);
        prop_assert_eq!(
            u128::from(plan.share_supply_after)
                + u128::from(plan.bond_shares_burnt)
                + u128::from(plan.insurance_shares_burnt),
            u128::from(input.share_supply)
        );
        // value covered by tiers a/b, and the rest
        prop_assert_eq!(
            plan.value_covered_wad,
            plan.bond_value_covered_wad + plan.insurance_value_covered_wad
        );
        prop_assert!(plan.value_covered_wad <= input.loss_wad);
        prop_assert_eq!(plan.rest_wad, input.loss_wad - plan.value_covered_wad);
        prop_assert!(plan.fraction_wad <= WAD);
        if plan.rest_wad == 0 {
            prop_assert_eq!(plan.fraction_wad, 0);
        }
        // per asset: the pool's accounting and the escrow
        for k in 0..MAX_ASSETS {
            let from_pool = u128::from(plan.taken_by_bond[k])
                + u128::from(plan.taken_by_insurance[k])
                + u128::from(plan.taken_pro_rata[k]);
            prop_assert_eq!(
                u128::from(plan.active_after[k]) + from_pool,
                u128::from(input.active[k]),
                "asset {}: active_after + takes != active",
                k
            );
            let from_buckets =
                u128::from(plan.bucket_taken[0][k]) + u128::from(plan.bucket_taken[1][k]);
            prop_assert_eq!(u128::from(plan.escrow[k]), from_pool + from_buckets);
            if k >= n {
                prop_assert_eq!(plan.escrow[k], 0);
            }
        }
        // buckets: scales only fall, absent ones untouched, takes within their totals
        let mut bucket_value = big(0);
        for (b, bucket) in input.buckets.iter().enumerate() {
            if !bucket.present {
                prop_assert_eq!(plan.bucket_scale_after[b], bucket.scale_wad);
                prop_assert_eq!(plan.bucket_taken[b], [0; MAX_ASSETS]);
                continue;
            }
            prop_assert!(plan.bucket_scale_after[b] <= bucket.scale_wad);
            for k in 0..n {
                let total = scaled_amount_floor(bucket.unscaled[k], bucket.scale_wad)
                    .expect("planned, so the totals fit");
                prop_assert!(plan.bucket_taken[b][k] <= total);
                bucket_value = bucket_value.add(&prod(total.into(), input.price_wad[k]));
            }
        }
        // the value taken, exactly, and never more than there is
        let taken = value_of(&plan.escrow, &input.price_wad, n);
        prop_assert_eq!(big(plan.value_taken_wad), taken.clone());
        prop_assert!(taken <= value_of(&input.active, &input.price_wad, n).add(&bucket_value));
        Ok(())
    });
    println!(
        "fuzz plan_slash: {} inputs planned (Ok), the rest refused",
        planned.get()
    );
}

// ---------- cancel ----------

#[test]
fn fuzz_unslashed_scale_floor() {
    fuzz(
        "unslashed_scale_floor",
        (fraction(), fraction()),
        |(scale, f)| {
            match unslashed_scale_floor(scale, f) {
                Ok(s) => {
                    prop_assert!(f < WAD && s <= WAD);
                    let exact = prod(scale, WAD);
                    let kept = big(WAD - f);
                    if s < WAD {
                        prop_assert!(is_floor(s, &exact, &kept));
                    } else {
                        prop_assert!(exact >= wad().mul(&kept));
                    }
                }
                Err(MathError::InvalidFraction) => prop_assert!(f >= WAD),
                // only outside the domain: a scale above 1e18 divided by a tiny 1 - f
                Err(MathError::Overflow) => prop_assert!(scale > WAD),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_restored_scale_floor() {
    let touched = prop_oneof![
        Just(None),
        (fraction(), fraction()).prop_map(Some),
        fraction().prop_map(|s| Some((s, s))),
        fraction().prop_map(|s| Some((s, 0))),
    ];
    fuzz(
        "restored_scale_floor",
        (fraction(), fraction(), touched),
        |(scale_now, f, touched)| {
            match restored_scale_floor(scale_now, f, touched) {
                Ok(s) => {
                    prop_assert!(
                        scale_now <= s && s <= WAD,
                        "never below the scale now, never above 1e18"
                    );
                    match touched {
                        Some((before, after)) if after == 0 || scale_now == after => {
                            prop_assert_eq!(s, before.clamp(scale_now, WAD))
                        }
                        Some((before, after)) => {
                            // floor(scale_now * before / after), clamped
                            let exact = prod(scale_now, before);
                            let clamped_low = is_floor(s, &exact, &big(after))
                                || s == scale_now && big(scale_now).mul(&big(after)) >= exact
                                || s == WAD && exact >= wad().mul(&big(after));
                            prop_assert!(clamped_low, "{s} is not the clamped floor");
                        }
                        None => prop_assert_eq!(
                            Ok(s),
                            unslashed_scale_floor(scale_now, f).map(|u| u.clamp(scale_now, WAD))
                        ),
                    }
                }
                Err(MathError::InvalidScale) => prop_assert!(scale_now > WAD),
                Err(MathError::InvalidFraction) => prop_assert!(touched.is_none() && f >= WAD),
                Err(MathError::Overflow) => {
                    prop_assert!(matches!(touched, Some((before, after)) if after != 0
                        && quotient_exceeds(&prod(scale_now, before), &big(after), u128::MAX)))
                }
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

/// `floor(units * scale / 1e18)`, independently, when it fits in `u64` (None otherwise).
fn claim_of(units: u128, scale: u128) -> Option<u64> {
    if scale == 0 {
        return Some(0);
    }
    // units * scale = (units / W) * W * scale + (units % W) * scale, and (units % W) * scale
    // < 1e36 fits; the first part divided by W is (units / W) * scale
    let high = (units / WAD).checked_mul(scale)?;
    let low = (units % WAD) * scale / WAD;
    u64::try_from(high.checked_add(low)?).ok()
}

#[test]
fn fuzz_plan_bucket_restore() {
    let units = prop::array::uniform8(prop_oneof![
        wide(),
        wide64().prop_map(u128::from),
        Just(0u128)
    ]);
    fuzz(
        "plan_bucket_restore",
        (
            units,
            fraction(),
            fraction(),
            prop::array::uniform8(wide64()),
            prop_oneof![0u8..=8, any::<u8>()],
        ),
        |(units, scale_now, target, available, count)| {
            let n = usize::from(count);
            match plan_bucket_restore(&units, scale_now, target, &available, count) {
                Ok(restore) => {
                    prop_assert!(n <= MAX_ASSETS && target <= WAD);
                    prop_assert!(scale_now <= restore.scale_wad && restore.scale_wad <= target);
                    for k in 0..MAX_ASSETS {
                        if k >= n {
                            prop_assert_eq!(restore.give[k], 0);
                            continue;
                        }
                        let have = claim_of(units[k], scale_now);
                        let now = claim_of(units[k], restore.scale_wad);
                        prop_assert!(have.is_some() && now.is_some(), "claims fit in u64");
                        // exactly what the claims grow by, never more than is available
                        prop_assert_eq!(restore.give[k], now.unwrap() - have.unwrap());
                        prop_assert!(restore.give[k] <= available[k]);
                    }
                }
                Err(MathError::InvalidAssetCount) => prop_assert!(n > MAX_ASSETS),
                Err(MathError::InvalidScale) => {
                    prop_assert!(n <= MAX_ASSETS && (target > WAD || target < scale_now))
                }
                // units beyond any reserve (claims past u64)
                Err(MathError::Overflow) => {
                    prop_assert!((0..n.min(MAX_ASSETS)).any(|k| units[k] > u128::from(u64::MAX)))
                }
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

/// A scale above 1e18 is refused, not a panic (a finding of `fuzz_restored_scale_floor`).
#[test]
fn finding_restored_scale_floor_above_wad() {
    assert_eq!(
        restored_scale_floor(WAD + 1, 0, None),
        Err(MathError::InvalidScale)
    );
}

/// A zero fraction is refused, not a `Take` of nothing (a finding of
/// `fuzz_execution_loss`).
#[test]
fn finding_execution_loss_of_a_zero_fraction() {
    let outcome = execution_loss(&ExecutionInput {
        stake_at_capture: 37,
        remaining: 37,
        request_wad: 0,
        max_slash_wad: WAD,
        avs_cap_bps: 10_000,
        avs_slashed: 0,
        registry_cap_bps: 10_000,
        vault_slashed: 0,
    });
    assert_eq!(outcome, Err(MathError::InvalidFraction));
}

// ---------- price readers over arbitrary bytes ----------

fn u64_at(data: &[u8], offset: usize) -> u64 {
    u64::from_le_bytes(data[offset..offset + 8].try_into().unwrap())
}

fn key_at(data: &[u8], offset: usize) -> [u8; 32] {
    data[offset..offset + 32].try_into().unwrap()
}

/// Arbitrary bytes: any length (short ones included), and long enough ones with the right
/// tag in front, so both the refusals and the field reads are exercised.
fn account_bytes(min_len: usize, max_len: usize, tag: &'static [u8]) -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..max_len),
        3 => prop::collection::vec(any::<u8>(), min_len..max_len).prop_map(move |mut data| {
            data[..tag.len()].copy_from_slice(tag);
            data
        }),
        1 => (prop::collection::vec(any::<u8>(), min_len..max_len), any::<u8>()).prop_map(
            move |(mut data, wrong)| {
                data[..tag.len()].copy_from_slice(tag);
                data[0] ^= wrong.max(1);
                data
            }
        ),
        1 => prop::collection::vec(any::<u8>(), min_len - 1..=min_len).prop_map(move |mut data| {
            data[..tag.len()].copy_from_slice(tag);
            data
        }),
    ]
    .boxed()
}

#[test]
fn fuzz_stake_pool_reading() {
    static TAG: [u8; 1] = [STAKE_POOL_ACCOUNT_TYPE];
    let bytes = account_bytes(STAKE_POOL_MIN_LEN, STAKE_POOL_ACCOUNT_LEN + 64, &TAG);
    fuzz(
        "StakePoolReading::parse/price_wad/encode_stake_pool",
        bytes,
        |data| {
            match StakePoolReading::parse(&data) {
                Ok(r) => {
                    prop_assert!(
                        data.len() >= STAKE_POOL_MIN_LEN && data[0] == STAKE_POOL_ACCOUNT_TYPE
                    );
                    prop_assert_eq!(r.pool_mint, key_at(&data, 162));
                    prop_assert_eq!(r.token_program_id, key_at(&data, 226));
                    prop_assert_eq!(r.total_lamports, u64_at(&data, 258));
                    prop_assert_eq!(r.pool_token_supply, u64_at(&data, 266));
                    prop_assert_eq!(r.last_update_epoch, u64_at(&data, 274));
                    match r.price_wad() {
                        Ok(p) => {
                            prop_assert!(r.pool_token_supply > 0 && p > 0);
                            // never above the exact rate
                            prop_assert_eq!(
                                p,
                                u128::from(r.total_lamports) * WAD
                                    / u128::from(r.pool_token_supply)
                            );
                        }
                        Err(PriceError::EmptyPool) => prop_assert_eq!(r.pool_token_supply, 0),
                        Err(PriceError::ZeroPrice) => prop_assert!(
                            u128::from(r.total_lamports) * WAD < u128::from(r.pool_token_supply)
                        ),
                        Err(e) => prop_assert!(false, "unexpected {e:?}"),
                    }
                    // the writer puts every field back where the reader finds it
                    let encoded = encode_stake_pool(&r);
                    prop_assert_eq!(encoded.len(), STAKE_POOL_ACCOUNT_LEN);
                    prop_assert_eq!(StakePoolReading::parse(&encoded), Ok(r));
                }
                Err(PriceError::AccountTooShort) => prop_assert!(data.len() < STAKE_POOL_MIN_LEN),
                Err(PriceError::WrongAccountType) => prop_assert!(
                    data.len() >= STAKE_POOL_MIN_LEN && data[0] != STAKE_POOL_ACCOUNT_TYPE
                ),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_marinade_reading() {
    let bytes = account_bytes(
        MARINADE_STATE_MIN_LEN,
        MARINADE_STATE_ACCOUNT_LEN + 64,
        &MARINADE_STATE_DISCRIMINATOR,
    );
    fuzz(
        "MarinadeReading::parse/price_wad/encode_marinade_state",
        bytes,
        |data| {
            match MarinadeReading::parse(&data) {
                Ok(r) => {
                    prop_assert!(data.len() >= MARINADE_STATE_MIN_LEN);
                    prop_assert_eq!(&data[..8], &MARINADE_STATE_DISCRIMINATOR[..]);
                    prop_assert_eq!(r.msol_mint, key_at(&data, 8));
                    prop_assert_eq!(r.msol_price, u64_at(&data, 512));
                    match r.price_wad() {
                        Ok(p) => prop_assert!(p > 0 && p == (u128::from(r.msol_price) * WAD) >> 32),
                        Err(PriceError::ZeroPrice) => {
                            prop_assert!(u128::from(r.msol_price) * WAD < 1 << 32)
                        }
                        Err(e) => prop_assert!(false, "unexpected {e:?}"),
                    }
                    let encoded = encode_marinade_state(&r);
                    prop_assert_eq!(encoded.len(), MARINADE_STATE_ACCOUNT_LEN);
                    prop_assert_eq!(MarinadeReading::parse(&encoded), Ok(r));
                }
                Err(PriceError::AccountTooShort) => {
                    prop_assert!(data.len() < MARINADE_STATE_MIN_LEN)
                }
                Err(PriceError::WrongDiscriminator) => prop_assert!(
                    data.len() >= MARINADE_STATE_MIN_LEN
                        && data[..8] != MARINADE_STATE_DISCRIMINATOR
                ),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_marinade_staleness_margin() {
    fuzz("marinade_staleness_margin_ceil", wide(), |value| {
        // value * 10 / 10_000 < value: it always fits, so it never fails
        let margin = marinade_staleness_margin_ceil(value);
        let Ok(m) = margin else {
            return Err(TestCaseError::fail(format!("{margin:?}")));
        };
        let rate = u128::from(MARINADE_STALENESS_MARGIN_BPS);
        prop_assert!(
            is_ceil(m, &prod(value, rate), &big(10_000)),
            "rounded up, exactly"
        );
        Ok(())
    });
}

/// Every error has a message (the programs log them).
#[test]
fn every_error_displays() {
    use MathError::*;
    for e in [
        Overflow,
        DivisionByZero,
        VaultValueIsZero,
        SharesExceedSupply,
        InvalidBps,
        InvalidScale,
        BucketWiped,
        InvalidFraction,
        InvalidAssetCount,
    ] {
        assert!(!e.to_string().is_empty(), "{e:?}");
    }
}

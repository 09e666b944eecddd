//! DESIGN.md section 7 invariants 1, 4 and 5 for the slash waterfall ([`plan_slash`]).
//!
//! Every bound is an exact rational inequality checked by cross-multiplication with the
//! independent reference integers in `common` (never by the crate's own rounding). The
//! only crate arithmetic used on the test side is `mul_div_floor` (itself proven against
//! the reference in `tests/mul_div.rs`) to build inputs and to name floors, and every
//! floor so named is re-checked here with the reference (`scaled`).
//!
//! Notation: `W = 1e18`; `S0, V0` the share supply and active value before the slash;
//! `S1, V1` after tier a; `Sc` and `a_k` (active) after tier b; `f` the plan's fraction;
//! `s`/`s'` a bucket's scale before/after; `u` unscaled units.
// Per-asset checks read several parallel arrays at the same index `k`, as the formulas do.
#![allow(clippy::needless_range_loop)]
mod common;

use common::{big, prod, Big};
use proptest::prelude::*;
use restaking_math::{
    capped, mul_div_floor, per_epoch_cap_floor, plan_slash, slash_loss_ceil, BucketInput,
    MathError, SlashInput, SlashPlan, BPS_DENOMINATOR, MAX_ASSETS, WAD,
};

// ---------- strategies ----------

/// Token amounts of every magnitude up to 2^50, zero included.
fn amount() -> impl Strategy<Value = u64> {
    prop_oneof![
        1 => Just(0u64),
        2 => 0u64..=1_000,
        4 => (0u64..=(1 << 50), 0u32..50).prop_map(|(x, shift)| x >> shift),
    ]
}

/// Prices in lamports per raw unit x 1e18: typical LSTs, wSOL, tiny ones.
fn price() -> impl Strategy<Value = u128> {
    prop_oneof![
        4 => WAD / 2..=2 * WAD,
        1 => Just(WAD),
        1 => 1u128..=1_000_000,
        1 => 1u128..=2 * WAD,
    ]
}

/// Share counts: often zero, small, or of any size up to 2^61.
fn shares() -> impl Strategy<Value = u64> {
    prop_oneof![
        2 => Just(0u64),
        1 => 1u64..=1_000,
        4 => (1u64..=(1 << 61), 0u32..61).prop_map(|(x, shift)| (x >> shift).max(1)),
    ]
}

fn scale() -> impl Strategy<Value = u128> {
    prop_oneof![
        3 => Just(WAD),
        3 => WAD / 2..=WAD,
        2 => 1u128..=WAD,
        1 => 1u128..=1_000_000,
        1 => Just(0u128),
    ]
}

/// A bucket: present or not, a scale, and per asset a scaled amount that becomes
/// `floor(amount * W / scale)` unscaled units (as requests joining at that scale record);
/// a wiped bucket (scale 0) keeps arbitrary leftover units.
fn bucket() -> impl Strategy<Value = BucketInput> {
    (
        prop::bool::weighted(0.7),
        scale(),
        prop::array::uniform8(amount()),
        prop::array::uniform8(0u128..=(1 << 100)),
    )
        .prop_map(|(present, scale_wad, amounts, leftovers)| {
            let mut unscaled = [0u128; MAX_ASSETS];
            for k in 0..MAX_ASSETS {
                unscaled[k] = if scale_wad == 0 {
                    leftovers[k]
                } else {
                    mul_div_floor(amounts[k].into(), WAD, scale_wad).unwrap()
                };
            }
            BucketInput {
                present,
                scale_wad,
                unscaled,
            }
        })
}

/// How the loss relates to the vault, so every tier is reached often.
#[derive(Clone, Copy, Debug)]
enum Loss {
    /// A few WAD units: sub-lamport losses.
    Dust(u128),
    /// A fraction (WAD, <= 1) of the bond's value: tier a covers it.
    OfBond(u128),
    /// A fraction (WAD, up to 1.5) of everything slashable.
    OfAll(u128),
    /// Anything, up to far past the vault.
    Any(u128),
}

fn loss() -> impl Strategy<Value = Loss> {
    prop_oneof![
        1 => (0u128..=1_000).prop_map(Loss::Dust),
        3 => (0u128..=WAD).prop_map(Loss::OfBond),
        4 => (0u128..=3 * WAD / 2).prop_map(Loss::OfAll),
        1 => (any::<u128>(), 0u32..128).prop_map(|(x, shift)| Loss::Any(x >> shift)),
    ]
}

#[derive(Clone, Debug)]
struct Case {
    input: SlashInput,
    /// Picks a holder's share count in `0..=Sc`.
    holder: u64,
    /// Picks ticket cut points inside each bucket position.
    cuts: Vec<u64>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![1 => Just(0u8), 9 => 1u8..=8],
        prop::array::uniform8(amount()),
        prop::array::uniform8(price()),
        (shares(), shares(), shares()),
        [bucket(), bucket()],
        loss(),
        any::<u64>(),
        prop::collection::vec(any::<u64>(), 0..=5),
    )
        .prop_map(
            |(
                asset_count,
                active,
                price_wad,
                (bond, insurance, others),
                buckets,
                loss,
                holder,
                cuts,
            )| {
                let mut input = SlashInput {
                    loss_wad: 0,
                    share_supply: bond + insurance + others,
                    bond_shares: bond,
                    insurance_shares: insurance,
                    asset_count,
                    active,
                    price_wad,
                    buckets,
                };
                let n = usize::from(asset_count);
                let v0 = value(&input.active, &input.price_wad, n);
                let all = v0 + bucket_values(&input, n);
                input.loss_wad = match loss {
                    Loss::Dust(x) | Loss::Any(x) => x,
                    Loss::OfBond(frac) if input.share_supply > 0 => {
                        let bond_value =
                            mul_div_floor(bond.into(), v0, input.share_supply.into()).unwrap();
                        mul_div_floor(bond_value, frac, WAD).unwrap()
                    }
                    Loss::OfBond(_) => 0,
                    Loss::OfAll(frac) => mul_div_floor(all, frac, WAD).unwrap(),
                };
                Case {
                    input,
                    holder,
                    cuts,
                }
            },
        )
}

// ---------- reference helpers ----------

/// Exact value of the first `n` amounts (sizes keep it in u128: < 8 * 2^50 * 2^61).
fn value(amounts: &[u64; MAX_ASSETS], prices: &[u128; MAX_ASSETS], n: usize) -> u128 {
    (0..n).map(|k| u128::from(amounts[k]) * prices[k]).sum()
}

/// `floor(u * s / W)`, re-checked against the reference: `c * W <= u * s < (c + 1) * W`.
fn scaled(u: u128, s: u128) -> u128 {
    let c = mul_div_floor(u, s, WAD).unwrap();
    assert!(prod(c, WAD) <= prod(u, s) && prod(c + 1, WAD) > prod(u, s));
    c
}

/// Value of the present buckets' scaled totals at their input scales.
fn bucket_values(input: &SlashInput, n: usize) -> u128 {
    input
        .buckets
        .iter()
        .filter(|b| b.present)
        .map(|b| {
            (0..n)
                .map(|k| scaled(b.unscaled[k], b.scale_wad) * input.price_wad[k])
                .sum::<u128>()
        })
        .sum()
}

fn sub_each(a: &[u64; MAX_ASSETS], b: &[u64; MAX_ASSETS]) -> [u64; MAX_ASSETS] {
    let mut out = [0; MAX_ASSETS];
    for k in 0..MAX_ASSETS {
        out[k] = a[k] - b[k];
    }
    out
}

fn plan_of(input: &SlashInput) -> SlashPlan {
    plan_slash(input).unwrap_or_else(|e| panic!("valid input refused: {e} for {input:?}"))
}

/// `x * y * z` exactly.
fn prod3(x: u128, y: u128, z: u128) -> Big {
    prod(x, y).mul(&big(z))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// (i) Accounting, invariant 1 (solvency) and "nothing underflows": every valid input
    /// is planned (no error); per asset `active_after + taken from the pool == active`,
    /// `escrow == sum of every tier's take`, and tokens are conserved:
    /// `active_after + sum of bucket totals after + escrow == active + bucket totals before`.
    /// Shares: `supply_after + burnt == supply`, burnt within each tier. Scales only fall;
    /// absent buckets and assets past the count are untouched.
    #[test]
    fn plan_accounts_for_every_token_and_share(case in case()) {
        let input = case.input;
        let n = usize::from(input.asset_count);
        let plan = plan_of(&input);

        prop_assert!(plan.bond_shares_burnt <= input.bond_shares);
        prop_assert!(plan.insurance_shares_burnt <= input.insurance_shares);
        prop_assert_eq!(
            u128::from(plan.share_supply_after) + u128::from(plan.bond_shares_burnt)
                + u128::from(plan.insurance_shares_burnt),
            u128::from(input.share_supply)
        );
        prop_assert_eq!(plan.value_covered_wad,
            plan.bond_value_covered_wad + plan.insurance_value_covered_wad);
        prop_assert!(plan.value_covered_wad <= input.loss_wad);
        prop_assert_eq!(plan.rest_wad, input.loss_wad - plan.value_covered_wad);
        prop_assert!(plan.fraction_wad <= WAD);

        for k in 0..MAX_ASSETS {
            let from_pool = u128::from(plan.taken_by_bond[k])
                + u128::from(plan.taken_by_insurance[k])
                + u128::from(plan.taken_pro_rata[k]);
            prop_assert_eq!(u128::from(plan.active_after[k]) + from_pool, u128::from(input.active[k]));
            let from_buckets: u128 = plan.bucket_taken.iter().map(|t| u128::from(t[k])).sum();
            prop_assert_eq!(u128::from(plan.escrow[k]), from_pool + from_buckets);
            if k >= n {
                prop_assert_eq!(plan.escrow[k], 0);
                prop_assert_eq!(plan.active_after[k], input.active[k]);
            }
        }
        for (j, b) in input.buckets.iter().enumerate() {
            let new_scale = plan.bucket_scale_after[j];
            if !b.present {
                prop_assert_eq!(new_scale, b.scale_wad);
                prop_assert_eq!(plan.bucket_taken[j], [0; MAX_ASSETS]);
                continue;
            }
            prop_assert!(new_scale <= b.scale_wad);
            for k in 0..n {
                // solvency of the bucket: what it keeps plus what it gave is what it had
                let before = scaled(b.unscaled[k], b.scale_wad);
                let after = scaled(b.unscaled[k], new_scale);
                prop_assert_eq!(after + u128::from(plan.bucket_taken[j][k]), before);
            }
        }
        prop_assert_eq!(plan.value_taken_wad, value(&plan.escrow, &input.price_wad, n));
    }

    /// (ii) Tiers a/b protect holders, invariant 4: the share price `V / S` of the shares
    /// left never falls through tier a nor through tier b (tokens moved <= the burnt shares'
    /// exact part), the value counted as covered is at most the burnt shares' exact value,
    /// and worthless shares (`V == 0`) burn nothing. If the bond alone covers the loss
    /// (`loss * S0 <= bond * V0`, i.e. `ceil(loss * S0 / V0) <= bond`) then exactly
    /// `ceil(loss * S0 / V0)` shares burn, the covered value is the whole loss, the
    /// insurance is untouched, `f == 0`, no bucket moves and the pool loses only the bond's
    /// tokens.
    #[test]
    fn bond_and_insurance_never_lower_the_share_price(case in case()) {
        let input = case.input;
        let n = usize::from(input.asset_count);
        let plan = plan_of(&input);
        let (s0, v0) = (input.share_supply, value(&input.active, &input.price_wad, n));
        let after_a = sub_each(&input.active, &plan.taken_by_bond);
        let s1 = s0 - plan.bond_shares_burnt;
        let v1 = value(&after_a, &input.price_wad, n);
        let after_b = sub_each(&after_a, &plan.taken_by_insurance);
        let s2 = s1 - plan.insurance_shares_burnt;
        let v2 = value(&after_b, &input.price_wad, n);

        // price never falls: V1 * S0 >= V0 * S1, V2 * S1 >= V1 * S2
        prop_assert!(prod(v1, s0.into()) >= prod(v0, s1.into()), "tier a lowered the price");
        prop_assert!(prod(v2, s1.into()) >= prod(v1, s2.into()), "tier b lowered the price");
        // covered <= burnt * V / S (exact)
        prop_assert!(prod(plan.bond_value_covered_wad, s0.into())
            <= prod(plan.bond_shares_burnt.into(), v0));
        if s1 > 0 {
            prop_assert!(prod(plan.insurance_value_covered_wad, s1.into())
                <= prod(plan.insurance_shares_burnt.into(), v1));
        }
        if v0 == 0 {
            prop_assert_eq!(plan.bond_shares_burnt, 0);
            prop_assert_eq!(plan.insurance_shares_burnt, 0);
        }

        let loss = input.loss_wad;
        // (with no bond, only a zero loss is "covered"; a bond > 0 means S0 > 0)
        let bond_covers = loss == 0
            || (v0 > 0
                && input.bond_shares > 0
                && prod(loss, s0.into()) <= prod(input.bond_shares.into(), v0));
        if bond_covers {
            let burnt = u128::from(plan.bond_shares_burnt);
            if loss > 0 {
                // burnt = ceil(loss * S0 / V0): burnt * V0 >= loss * S0 > (burnt - 1) * V0
                prop_assert!(prod(burnt, v0) >= prod(loss, s0.into()));
                prop_assert!(prod(burnt - 1, v0) < prod(loss, s0.into()));
            } else {
                prop_assert_eq!(burnt, 0);
            }
            prop_assert_eq!(plan.bond_value_covered_wad, loss);
            prop_assert_eq!(plan.insurance_shares_burnt, 0);
            prop_assert_eq!(plan.rest_wad, 0);
            prop_assert_eq!(plan.fraction_wad, 0);
            prop_assert_eq!(plan.taken_pro_rata, [0; MAX_ASSETS]);
            prop_assert_eq!(plan.bucket_taken, [[0; MAX_ASSETS]; 2]);
            for (j, b) in input.buckets.iter().enumerate() {
                prop_assert_eq!(plan.bucket_scale_after[j], b.scale_wad);
            }
            prop_assert_eq!(plan.escrow, plan.taken_by_bond);
            // the remaining shares' price does not fall
            prop_assert!(prod(value(&plan.active_after, &input.price_wad, n), s0.into())
                >= prod(v0, plan.share_supply_after.into()));
        }
    }

    /// (iii) Pro rata, invariant 4, in tier c, with `a_k` the active amount after tier b:
    /// - `f` is the rest over the base rounded up: `(f - 1) * B < r * W <= f * B` (or
    ///   `f == W` and `r * W > (W - 1) * B`; or `f == 0` when `r == 0` or `B == 0`), with `B`
    ///   recomputed here;
    /// - the pool loses `c_k` of asset `k` with `a_k * f <= c_k * W < a_k * f + W`: exactly
    ///   the fraction `f`, plus less than one base unit;
    /// - a holder of `h` of the `Sc` remaining shares: its exact claim `a_k * h / Sc` loses
    ///   `c_k * h / Sc`, which is `f` of it plus less than `h / Sc <= 1` unit (its share of
    ///   the pool's rounding unit); its redeemable amount `floor(a_k * h / Sc)` loses `L`
    ///   with `f * p - 1 < L < f * p + 1 + h / Sc` (`p` the exact claim);
    /// - a bucket position of `t <= u` unscaled units (claim `p = t * s / W`) loses `L =
    ///   floor(t * s / W) - floor(t * s' / W)` with `f * p - 1 < L < f * p + 1 + t / W`:
    ///   within one unit of `f`, plus `t / W` (the new scale's floor is worth < 1e-18 per
    ///   unscaled unit; < 1 unit for any `t < 1e18`).
    #[test]
    fn everyone_left_loses_the_same_fraction(case in case()) {
        let input = case.input;
        let n = usize::from(input.asset_count);
        let plan = plan_of(&input);
        let f = plan.fraction_wad;
        let a = sub_each(&sub_each(&input.active, &plan.taken_by_bond), &plan.taken_by_insurance);

        // f against an independently computed base
        let base = value(&a, &input.price_wad, n) + bucket_values(&input, n);
        prop_assert_eq!(plan.base_value_wad, base);
        let r = plan.rest_wad;
        if r == 0 || base == 0 {
            prop_assert_eq!(f, 0);
        } else if f == WAD {
            prop_assert!(prod(r, WAD) > prod(WAD - 1, base));
        } else {
            prop_assert!(prod(f - 1, base) < prod(r, WAD) && prod(r, WAD) <= prod(f, base));
        }

        // the pool, per asset
        for k in 0..n {
            let c = u128::from(plan.taken_pro_rata[k]);
            let exact = prod(a[k].into(), f);
            prop_assert!(prod(c, WAD) >= exact);
            prop_assert!(prod(c, WAD) < exact.add(&big(WAD)));
        }

        // a holder of h of the Sc shares left
        let sc = plan.share_supply_after;
        if sc > 0 {
            let h = mul_div_floor(sc.into(), case.holder.into(), u64::MAX.into()).unwrap();
            let sc = u128::from(sc);
            for k in 0..n {
                let before = mul_div_floor(a[k].into(), h, sc).unwrap();
                let after = mul_div_floor(plan.active_after[k].into(), h, sc).unwrap();
                let lost = before - after;
                // f * p = a * f * h / (W * Sc); compare L * W * Sc with a * f * h
                let fp = prod3(a[k].into(), f, h);
                let l_wsc = prod3(lost, WAD, sc);
                prop_assert!(l_wsc.add(&prod(WAD, sc)) > fp, "holder lost < f * p - 1");
                prop_assert!(l_wsc < fp.add(&prod(WAD, h)).add(&prod(WAD, sc)),
                    "holder lost >= f * p + 1 + h / Sc");
            }
        }

        // bucket positions: a random ticket inside each position
        for (j, b) in input.buckets.iter().enumerate().filter(|(_, b)| b.present) {
            let (s, s_new) = (b.scale_wad, plan.bucket_scale_after[j]);
            for k in 0..n {
                let t = mul_div_floor(b.unscaled[k], case.holder.into(), u64::MAX.into()).unwrap();
                check_ticket_loss(t, s, s_new, f)?;
                check_ticket_loss(b.unscaled[k], s, s_new, f)?;
            }
        }
    }

    /// (iv) Bounded, invariant 5:
    /// - `value_taken <= loss + slack` with the slack of `plan_slash`'s doc, recomputed here:
    ///   `floor(V0 / S0)` if tier a burnt, `floor(V1 / S1)` if tier b burnt,
    ///   `ceil(B / W)`, `p_k` per asset with `a_k > 0`, and `p_k * (2 + ceil(u / W))` per
    ///   present bucket position with `u > 0`; and per tier: the bond's and the insurance's
    ///   tokens are worth at most their covered value plus one share (`floor(V / S)`);
    /// - `value_taken <= V0 + value of the buckets' scaled totals` (nothing that is not
    ///   there), and tier c alone takes at most `V(a) + B_buckets`;
    /// - no dust escape: a positive loss against a positive active pool burns shares or
    ///   moves tokens; against buckets only (`V0 == 0`, buckets worth > 0) it lowers a
    ///   scale (the tokens it takes may round to 0: see the report).
    #[test]
    fn the_slash_takes_at_most_the_loss_plus_rounding_and_never_nothing(case in case()) {
        let input = case.input;
        let n = usize::from(input.asset_count);
        let plan = plan_of(&input);
        let p = &input.price_wad;
        let (s0, v0) = (input.share_supply, value(&input.active, p, n));
        let after_a = sub_each(&input.active, &plan.taken_by_bond);
        let s1 = s0 - plan.bond_shares_burnt;
        let v1 = value(&after_a, p, n);
        let a = sub_each(&after_a, &plan.taken_by_insurance);
        let buckets_value = bucket_values(&input, n);

        let mut slack = Big::from_u128(0);
        let bond_tokens = value(&plan.taken_by_bond, p, n);
        if plan.bond_shares_burnt > 0 {
            let one_share = v0 / u128::from(s0);
            prop_assert!(bond_tokens <= plan.bond_value_covered_wad + one_share);
            slack = slack.add(&big(one_share));
        } else {
            prop_assert_eq!(bond_tokens, 0);
        }
        let insurance_tokens = value(&plan.taken_by_insurance, p, n);
        if plan.insurance_shares_burnt > 0 {
            let one_share = v1 / u128::from(s1);
            prop_assert!(insurance_tokens <= plan.insurance_value_covered_wad + one_share);
            slack = slack.add(&big(one_share));
        } else {
            prop_assert_eq!(insurance_tokens, 0);
        }
        slack = slack.add(&big(plan.base_value_wad.div_ceil(WAD)));
        for k in 0..n {
            if a[k] > 0 {
                slack = slack.add(&big(p[k]));
            }
        }
        for b in input.buckets.iter().filter(|b| b.present) {
            for k in 0..n {
                if b.unscaled[k] > 0 {
                    slack = slack.add(&prod(p[k], 2 + b.unscaled[k].div_ceil(WAD)));
                }
            }
        }
        prop_assert!(big(plan.value_taken_wad) <= big(input.loss_wad).add(&slack),
            "taken {} > loss {} + slack {:?}", plan.value_taken_wad, input.loss_wad, slack);
        prop_assert!(plan.value_taken_wad <= v0 + buckets_value);
        let tier_c = plan.value_taken_wad - bond_tokens - insurance_tokens;
        prop_assert!(tier_c <= value(&a, p, n) + buckets_value);

        if input.loss_wad > 0 && v0 > 0 {
            prop_assert!(plan.bond_shares_burnt + plan.insurance_shares_burnt > 0
                || plan.escrow.iter().any(|&e| e > 0), "a positive loss took nothing");
        }
        if input.loss_wad > 0 && v0 == 0 && buckets_value > 0 {
            prop_assert!(input.buckets.iter().zip(&plan.bucket_scale_after)
                .any(|(b, &s)| b.present && s < b.scale_wad), "no bucket scale moved");
        }
    }

    /// (v) Claims after a slash: tickets partitioning a bucket position's unscaled total
    /// claim at most the bucket's own total at the new scale (`sum floor(t_i * s' / W) <=
    /// floor(u * s' / W)`, so the bucket stays solvent), and each ticket loses at least its
    /// `f`-fraction minus one unit (and at most `f * p + 1 + t / W`, as in (iii)).
    #[test]
    fn tickets_claim_within_the_slashed_bucket(case in case()) {
        let input = case.input;
        let n = usize::from(input.asset_count);
        let plan = plan_of(&input);
        for (j, b) in input.buckets.iter().enumerate().filter(|(_, b)| b.present) {
            let (s, s_new) = (b.scale_wad, plan.bucket_scale_after[j]);
            for k in 0..n {
                let u = b.unscaled[k];
                let mut cuts: Vec<u128> = case
                    .cuts
                    .iter()
                    .map(|&c| mul_div_floor(u, c.into(), u64::MAX.into()).unwrap())
                    .collect();
                cuts.push(0);
                cuts.push(u);
                cuts.sort_unstable();
                let tickets: Vec<u128> = cuts.windows(2).map(|w| w[1] - w[0]).collect();
                prop_assert_eq!(tickets.iter().sum::<u128>(), u);
                let claims: u128 = tickets.iter().map(|&t| scaled(t, s_new)).sum();
                prop_assert!(claims <= scaled(u, s_new), "claims exceed the bucket");
                prop_assert!(claims <= scaled(u, s) - u128::from(plan.bucket_taken[j][k]));
                for &t in &tickets {
                    check_ticket_loss(t, s, s_new, plan.fraction_wad)?;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Invariant 5, the loss of one request: `loss = ceil(stake * wad / W)` exactly
    /// (`loss * W >= stake * wad > (loss - 1) * W`), so `loss <= stake` and a positive
    /// fraction of a positive stake is a positive loss (no dust escape); `wad > W` refused.
    #[test]
    fn a_slash_loss_is_its_fraction_rounded_up(
        stake in prop_oneof![any::<u128>(), 0u128..=1_000_000, (any::<u128>(), 0u32..128).prop_map(|(x, s)| x >> s)],
        wad in prop_oneof![0u128..=WAD, 0u128..=1_000, Just(WAD)],
        over in 1u128..=WAD,
    ) {
        let loss = slash_loss_ceil(stake, wad).unwrap();
        prop_assert!(prod(loss, WAD) >= prod(stake, wad));
        if loss > 0 {
            prop_assert!(prod(loss - 1, WAD) < prod(stake, wad));
        }
        prop_assert!(loss <= stake);
        prop_assert_eq!(loss > 0, stake > 0 && wad > 0);
        prop_assert_eq!(slash_loss_ceil(stake, WAD + over), Err(MathError::InvalidFraction));
    }

    /// Invariant 5, the per-vault-per-epoch cap: slashes applied one after another through
    /// `capped(loss, per_epoch_cap_floor(stake, cap, already))` never sum above
    /// `stake * cap_bps / 10_000`, and a request is cut only once the cap (rounded down) is
    /// used up.
    #[test]
    fn slashes_in_one_epoch_never_exceed_the_cap(
        stake in (any::<u128>(), 0u32..128).prop_map(|(x, s)| x >> s),
        cap_bps in prop_oneof![Just(0u16), Just(10_000u16), 0u16..=10_000],
        requests in prop::collection::vec((any::<u128>(), 0u32..128).prop_map(|(x, s)| x >> s), 1..=8),
    ) {
        let cap = mul_div_floor(stake, cap_bps.into(), BPS_DENOMINATOR.into()).unwrap();
        let mut already = 0u128;
        for loss in requests {
            let room = per_epoch_cap_floor(stake, cap_bps, already).unwrap();
            let applied = capped(loss, room);
            prop_assert!(applied <= loss);
            already += applied;
            // already * 10_000 <= stake * cap_bps
            prop_assert!(prod(already, BPS_DENOMINATOR.into()) <= prod(stake, cap_bps.into()));
            if applied < loss {
                prop_assert_eq!(already, cap, "cut before the cap was reached");
            }
        }
    }
}

/// A position of `t` unscaled units at scale `s` -> `s'` after fraction `f`: with exact claim
/// `p = t * s / W`, the claim's loss `L` satisfies `f * p - 1 < L < f * p + 1 + t / W`,
/// i.e. `L * W^2 + W^2 > f * t * s` and `L * W^2 < f * t * s + t * W + W^2`.
fn check_ticket_loss(t: u128, s: u128, s_new: u128, f: u128) -> Result<(), TestCaseError> {
    let lost = scaled(t, s) - scaled(t, s_new);
    let fp = prod3(f, t, s);
    let w2 = prod(WAD, WAD);
    let l_w2 = prod3(lost, WAD, WAD);
    prop_assert!(l_w2.add(&w2) > fp, "ticket {} lost {} < f * p - 1", t, lost);
    prop_assert!(
        l_w2 < fp.add(&prod(t, WAD)).add(&w2),
        "ticket {} lost {} too much",
        t,
        lost
    );
    Ok(())
}

#[test]
fn a_worked_vault_passes_every_check() {
    // The three-asset vault of the unit tests, through the same checks as the proptests.
    let mut active = [0u64; MAX_ASSETS];
    active[..3].copy_from_slice(&[4_000, 2_000, 5_000]);
    let mut price_wad = [0u128; MAX_ASSETS];
    price_wad[..3].copy_from_slice(&[WAD, 5 * WAD / 4, 4 * WAD / 5]);
    let mut u0 = [0u128; MAX_ASSETS];
    u0[..2].copy_from_slice(&[1_000, 400]);
    let mut u1 = [0u128; MAX_ASSETS];
    u1[..3].copy_from_slice(&[2_000, 0, 1_000]);
    let input = SlashInput {
        loss_wad: 1_500 * WAD,
        share_supply: 10_500,
        bond_shares: 100,
        insurance_shares: 210,
        asset_count: 3,
        active,
        price_wad,
        buckets: [
            BucketInput {
                present: true,
                scale_wad: WAD,
                unscaled: u0,
            },
            BucketInput {
                present: true,
                scale_wad: WAD / 2,
                unscaled: u1,
            },
        ],
    };
    let plan = plan_of(&input);
    // 1502.25 lamports taken for a 1500 loss: tiers a/b moved 99.35 + 210 for 310.013125
    // covered, tier c 1192.9 for a rest of 1189.986875 (rounding up, within the slack).
    assert_eq!(plan.value_taken_wad, 1_502_250_000_000_000_000_000);
    for j in 0..2 {
        for k in 0..3 {
            let b = input.buckets[j];
            check_ticket_loss(
                b.unscaled[k],
                b.scale_wad,
                plan.bucket_scale_after[j],
                plan.fraction_wad,
            )
            .unwrap();
        }
    }
}

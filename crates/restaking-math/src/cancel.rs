//! Undoing a slash (DESIGN.md section 5, step 5; invariant 9): the scales and tokens a
//! cancel gives back to the withdrawal buckets that bore a slash.
//!
//! A slash of pro-rata fraction `f` multiplies the scale of every bucket it reaches by
//! `1 - f`. A bucket created while the slash could still be cancelled starts at a scale
//! that already carries `1 - f` (its requests left the pool at the slashed price, so they
//! bore `f` as holders). Undoing the slash therefore divides a bucket's scale by `1 - f`
//! (or puts back the exact scale it had when the bucket was touched, when nothing moved it
//! since) and moves into the bucket the tokens its tickets can then claim on top.
//!
//! What must hold: a restored scale is at most 1e18 and never below the scale now; the
//! tokens given are exactly what the bucket's total claim grows by, and never more than
//! the escrow holds (if rounding elsewhere left the escrow short, the scale is lowered to
//! what it can pay: the bucket stays solvent, its tickets get at most one base unit less).
use crate::{mul_div_floor, scaled_amount_floor, MathError, MathResult, MAX_ASSETS, WAD};

/// `min(1e18, floor(scale_wad * 1e18 / (1e18 - fraction_wad)))`: a scale with a slash of
/// pro-rata fraction `fraction_wad` divided out. Rounding down keeps the bucket's claims
/// within what it holds.
///
/// Errors: [`MathError::InvalidFraction`] if `fraction_wad >= 1e18` (a 100% slash cannot
/// be divided out: the scale it left is 0; see [`restored_scale_floor`]).
pub fn unslashed_scale_floor(scale_wad: u128, fraction_wad: u128) -> MathResult<u128> {
    let kept = WAD
        .checked_sub(fraction_wad)
        .filter(|kept| *kept > 0)
        .ok_or(MathError::InvalidFraction)?;
    Ok(mul_div_floor(scale_wad, WAD, kept)?.min(WAD))
}

/// A bucket's scale when a slash is undone. `touched = Some((before, after))` for a bucket
/// the slash itself lowered from `before` to `after`: if nothing moved it since, `before`
/// exactly; if later slashes lowered it further, `before` times what they left
/// (`scale_now / after`); after a 100% slash (`after == 0`, which no later slash can
/// move) `before`. `touched = None` for a bucket created while the slash could still be
/// cancelled: [`unslashed_scale_floor`]. Never below `scale_now`, never above 1e18.
///
/// Errors: [`MathError::InvalidScale`] if `scale_now` is above 1e18; as
/// [`unslashed_scale_floor`] for an untouched bucket.
pub fn restored_scale_floor(
    scale_now: u128,
    fraction_wad: u128,
    touched: Option<(u128, u128)>,
) -> MathResult<u128> {
    if scale_now > WAD {
        return Err(MathError::InvalidScale);
    }
    let restored = match touched {
        Some((before, after)) if after == 0 || scale_now == after => before,
        Some((before, after)) => mul_div_floor(scale_now, before, after)?,
        None => unslashed_scale_floor(scale_now, fraction_wad)?,
    };
    Ok(restored.clamp(scale_now, WAD))
}

/// What a cancel writes to one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BucketRestore {
    pub scale_wad: u128,
    /// Tokens moved from the escrow into the bucket, per asset.
    pub give: [u64; MAX_ASSETS],
}

/// The bucket's restore to `target_scale`, paid from `available` escrowed tokens: the scale
/// is the target, or the largest scale below it whose extra claims `available` covers, and
/// `give[k]` is exactly what the bucket's total claim in asset k grows by. Only the first
/// `asset_count` assets are read.
///
/// Errors: [`MathError::InvalidScale`] if a scale is above 1e18 or the target is below the
/// scale now; [`MathError::InvalidAssetCount`] for more than [`MAX_ASSETS`] assets;
/// [`MathError::Overflow`] for amounts beyond any reserve.
pub fn plan_bucket_restore(
    unscaled: &[u128; MAX_ASSETS],
    scale_now: u128,
    target_scale: u128,
    available: &[u64; MAX_ASSETS],
    asset_count: u8,
) -> MathResult<BucketRestore> {
    let n = usize::from(asset_count);
    if n > MAX_ASSETS {
        return Err(MathError::InvalidAssetCount);
    }
    if target_scale > WAD || target_scale < scale_now {
        return Err(MathError::InvalidScale);
    }
    let mut scale = target_scale;
    for (&units, &extra) in unscaled.iter().zip(available).take(n) {
        if units == 0 {
            continue;
        }
        // the largest s with floor(units * s / 1e18) <= have + extra is
        // floor(((have + extra + 1) * 1e18 - 1) / units); have = the claim at scale_now
        let have = scaled_amount_floor(units, scale_now)?;
        let most = u128::from(have)
            .checked_add(u128::from(extra))
            .and_then(|x| x.checked_add(1))
            .and_then(|x| x.checked_mul(WAD))
            .ok_or(MathError::Overflow)?
            // units >= 1, and the product >= 1e18 > 0
            .checked_sub(1)
            .ok_or(MathError::Overflow)?
            .checked_div(units)
            .ok_or(MathError::DivisionByZero)?;
        scale = scale.min(most);
    }
    let mut give = [0u64; MAX_ASSETS];
    for ((take, &units), _) in give.iter_mut().zip(unscaled).zip(0..n) {
        // scale >= scale_now, so the claim only grows
        *take = scaled_amount_floor(units, scale)?
            .checked_sub(scaled_amount_floor(units, scale_now)?)
            .ok_or(MathError::Overflow)?;
    }
    Ok(BucketRestore {
        scale_wad: scale,
        give,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pad(values: &[u128]) -> [u128; MAX_ASSETS] {
        let mut out = [0; MAX_ASSETS];
        out[..values.len()].copy_from_slice(values);
        out
    }

    #[test]
    fn dividing_out_a_half_doubles_the_scale() {
        assert_eq!(unslashed_scale_floor(WAD / 2, WAD / 2), Ok(WAD));
        assert_eq!(unslashed_scale_floor(WAD / 4, WAD / 2), Ok(WAD / 2));
        // a scale carrying other slashes too keeps them
        assert_eq!(
            unslashed_scale_floor(WAD / 8, WAD / 2),
            Ok(250_000_000_000_000_000)
        );
        assert_eq!(
            unslashed_scale_floor(1, WAD),
            Err(MathError::InvalidFraction)
        );
    }

    #[test]
    fn a_touched_bucket_gets_its_exact_scale_back() {
        // untouched since: exactly the recorded scale, whatever the rounding was
        let after = 333_333_333_333_333_333;
        assert_eq!(
            restored_scale_floor(after, 2 * WAD / 3, Some((WAD, after))),
            Ok(WAD)
        );
        // a later 50% slash stays applied: floor(166..666 * 1e18 / 333..333)
        assert_eq!(
            restored_scale_floor(after / 2, 2 * WAD / 3, Some((WAD, after))),
            Ok(499_999_999_999_999_998)
        );
        // a 100% slash left 0: the scale before comes back
        assert_eq!(
            restored_scale_floor(0, WAD, Some((WAD / 2, 0))),
            Ok(WAD / 2)
        );
    }

    #[test]
    fn the_restore_gives_exactly_the_growth_of_the_claims() {
        // 1000 and 300 units at scale 0.5 claim 500 and 150; at 1.0, 1000 and 300
        let restore = plan_bucket_restore(
            &pad(&[1000, 300]),
            WAD / 2,
            WAD,
            &[600, 200, 0, 0, 0, 0, 0, 0],
            2,
        )
        .unwrap();
        assert_eq!(restore.scale_wad, WAD);
        assert_eq!(restore.give[..2], [500, 150]);
    }

    #[test]
    fn a_short_escrow_lowers_the_scale_to_what_it_can_pay() {
        // 1000 units at 0.5 claim 500; only 400 more available: scale 0.9 claims 900
        let restore =
            plan_bucket_restore(&pad(&[1000]), WAD / 2, WAD, &[400, 0, 0, 0, 0, 0, 0, 0], 1)
                .unwrap();
        assert_eq!(restore.give[0], 400);
        assert_eq!(restore.scale_wad, 900_999_999_999_999_999);
        assert_eq!(scaled_amount_floor(1000, restore.scale_wad), Ok(900));
    }

    #[test]
    fn a_target_below_the_scale_now_is_refused() {
        assert_eq!(
            plan_bucket_restore(&pad(&[1]), WAD / 2, WAD / 4, &[0; MAX_ASSETS], 1),
            Err(MathError::InvalidScale)
        );
    }

    proptest! {
        #[test]
        fn restores_never_overpay_and_reach_the_target_when_affordable(
            units in proptest::array::uniform3(0u128..=u128::from(u64::MAX)),
            scale_now in 1u128..=WAD,
            lift in 0u128..=WAD,
            available in proptest::array::uniform3(0u64..=u64::MAX / 4),
        ) {
            let target = scale_now + (WAD - scale_now) * lift / WAD;
            let restore = plan_bucket_restore(
                &pad(&units), scale_now, target, &{
                    let mut a = [0u64; MAX_ASSETS];
                    a[..3].copy_from_slice(&available);
                    a
                }, 3).unwrap();
            prop_assert!(restore.scale_wad >= scale_now && restore.scale_wad <= target);
            let mut affordable = true;
            for k in 0..3 {
                let have = scaled_amount_floor(units[k], scale_now).unwrap();
                let now = scaled_amount_floor(units[k], restore.scale_wad).unwrap();
                prop_assert_eq!(restore.give[k], now - have);
                prop_assert!(restore.give[k] <= available[k]);
                let want = scaled_amount_floor(units[k], target).unwrap();
                affordable &= want - have <= available[k];
            }
            if affordable {
                prop_assert_eq!(restore.scale_wad, target);
            }
        }

        #[test]
        fn dividing_out_undoes_a_slash_within_one_wad_unit(
            scale in 1u128..=WAD,
            fraction in 0u128..WAD,
        ) {
            let slashed = crate::slashed_scale_floor(scale, fraction).unwrap();
            let back = unslashed_scale_floor(slashed, fraction).unwrap();
            // floor(floor(s (1 - f)) / (1 - f)) <= s, and above s - 1 / (1 - f) - 1
            prop_assert!(back <= scale);
            let kept = WAD - fraction;
            prop_assert!((scale - back) * kept < WAD + kept);
        }
    }
}

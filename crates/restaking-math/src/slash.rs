//! Slashing (DESIGN.md section 5): the loss of a slash, the per-vault-per-epoch cap, and
//! the one-shot waterfall plan that `apply_slash` writes to the books.
//!
//! The waterfall, for a loss `x` (WAD-scaled lamports) against a vault with `S` shares and
//! an active pool of value `V`:
//! - a. the slashed operator's bond: burn `min(bond, ceil(x * S / V))` shares and move
//!   `floor(active_k * burnt / S)` of every asset to the slash escrow. The value counted as
//!   covered is that of the burnt shares (`x` if the ceil fitted in the bond, else
//!   `floor(bond * V / S)`), not the rounded-down assets moved: the tokens moved are worth
//!   at most the shares burnt, so the price `V / S` of every other share does not fall.
//! - b. the insurance fund, the same way, on what is left.
//! - c. the rest `r`, pro rata over the active pool and the slashable buckets (epochs
//!   c+1 and c+2) of total value `B`: `f = min(1, ceil(r / B))` (WAD). Every active amount
//!   loses `ceil(active_k * f)`, every slashable bucket's scale becomes
//!   `floor(scale * (1 - f))`, and each bucket gives up, per asset, what its scaled total
//!   drops by.
//!
//! What must hold (DESIGN.md section 7, invariants 1, 4 and 5), proven by the tests in
//! this module and in `tests/slash_invariants.rs`:
//! - Accounting: per asset, `active_after + taken from the active pool == active` and
//!   `escrow == sum of what every tier took`; share counts and amounts never underflow.
//! - Holders behind tiers a/b: the share price does not fall while the bond or the
//!   insurance fund pays (tokens moved <= the burnt shares' exact part, rounded down), and
//!   if the bond covers the loss then `f == 0` and no bucket moves.
//! - Pro rata: in tier c the active pool loses `ceil(active_k * f)`, i.e. `f` of every
//!   asset plus less than one base unit (a holder of `h` of `S` shares: `f` of its exact
//!   claim plus less than `h / S` of a unit); a bucket position of `t` unscaled units at
//!   scale `s` (exact claim `p = t * s / 1e18`) loses between `f * p` and
//!   `f * p + t / 1e18` of its exact claim, and its claim (a floor) one more unit either
//!   way. `t / 1e18` is below one unit for any `t < 1e18`: it only shows for positions
//!   that joined a bucket already slashed very deep.
//! - Bounded: the value taken is at most the loss plus the rounding slack documented on
//!   [`plan_slash`], and at most everything there is (`V + B`); a positive loss against a
//!   positive active pool always burns shares or moves tokens (no dust escape).
//! - Rounding: losses, share burns for a loss and `f` round up (a slash cannot be dodged by
//!   dust); the tokens moved for burnt shares, caps, new scales and claims round down (the
//!   holders behind a tier never pay for its rounding, and claims fit the bucket).
use crate::{
    amount_for_shares_floor, basket_value_wad, mul_div_ceil, mul_div_floor, scaled_amount_floor,
    to_u64, MathError, MathResult, BPS_DENOMINATOR, WAD,
};

/// Assets a vault holds inline (DESIGN.md section 3); the planner's arrays have this size.
pub const MAX_ASSETS: usize = 8;

/// Withdrawal buckets a slash captured at epoch c can reach: those of epochs c+1 and c+2.
pub const SLASHABLE_BUCKETS: usize = 2;

fn check_fraction(fraction_wad: u128) -> MathResult<()> {
    if fraction_wad > WAD {
        Err(MathError::InvalidFraction)
    } else {
        Ok(())
    }
}

/// `ceil(stake_value_wad * slash_wad / 1e18)`: the loss of a slash of fraction `slash_wad`
/// (WAD) against an operator's stake. Rounding up means any positive fraction of a positive
/// stake is a positive loss: no request rounds to nothing (no dust escape). The loss is at
/// most the stake.
///
/// Errors: [`MathError::InvalidFraction`] if `slash_wad > WAD`.
pub fn slash_loss_ceil(stake_value_wad: u128, slash_wad: u128) -> MathResult<u128> {
    check_fraction(slash_wad)?;
    // slash_wad <= WAD, so the quotient is <= stake_value_wad and fits.
    mul_div_ceil(stake_value_wad, slash_wad, WAD)
}

/// The room left under a per-vault-per-epoch cap: `floor(stake * cap_bps / 10_000)` minus
/// what was already slashed in the epoch, or 0 once the cap is used up. The cap rounds down
/// because it protects the holders: it never lets more through than the curator allowed.
///
/// Errors: [`MathError::InvalidBps`] if `cap_bps > 10_000`.
pub fn per_epoch_cap_floor(
    stake_value_wad: u128,
    cap_bps: u16,
    already_slashed_wad: u128,
) -> MathResult<u128> {
    if u64::from(cap_bps) > BPS_DENOMINATOR {
        return Err(MathError::InvalidBps);
    }
    // 256-bit product; the quotient is <= stake_value_wad and fits.
    let cap = mul_div_floor(
        stake_value_wad,
        u128::from(cap_bps),
        u128::from(BPS_DENOMINATOR),
    )?;
    Ok(cap.saturating_sub(already_slashed_wad))
}

/// `min(loss_wad, room_wad)`: a loss after a cap (the room from [`per_epoch_cap_floor`] or
/// an AVS's maximum per request). No rounding.
pub fn capped(loss_wad: u128, room_wad: u128) -> u128 {
    loss_wad.min(room_wad)
}

/// One execution of a slash request against one (vault, operator): what the registry
/// needs to know, all in lamports of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecutionInput {
    /// The operator's stake from this vault at capture, before any slash of that epoch.
    pub stake_at_capture: u64,
    /// What is left of that stake now (earlier slashes of the epoch lowered it).
    pub remaining: u64,
    /// The request's fraction (WAD) and the AVS's maximum per request.
    pub request_wad: u128,
    pub max_slash_wad: u128,
    /// The curator's per-epoch cap for this AVS, and what this AVS already took.
    pub avs_cap_bps: u16,
    pub avs_slashed: u64,
    /// The registry's per-epoch cap across all AVSs, and what they all already took.
    pub registry_cap_bps: u16,
    pub vault_slashed: u64,
}

/// What an execution takes, or why it takes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionLoss {
    /// `requested` = ceil(min(wad, max) x stake at capture); `loss` = that after both caps
    /// and the stake left; `0 < loss <= requested`. The rooms left under each cap (before
    /// this loss) are reported too.
    Take {
        requested: u64,
        loss: u64,
        avs_room: u64,
        vault_room: u64,
    },
    /// The curator's cap for this AVS is used up for the capture epoch.
    AvsCapUsed,
    /// The registry's cap across all AVSs is used up for the capture epoch.
    VaultCapUsed,
    /// No stake at capture, or none left.
    NoStake,
}

/// The loss of one execution: the registry charges it and clients preview it with the
/// same function, so they can never disagree.
///
/// Errors: [`MathError::InvalidFraction`] for a zero or out-of-range fraction,
/// [`MathError::InvalidBps`] for an out-of-range cap.
pub fn execution_loss(input: &ExecutionInput) -> MathResult<ExecutionLoss> {
    let wad = input.request_wad.min(input.max_slash_wad);
    if wad == 0 {
        return Err(MathError::InvalidFraction);
    }
    if input.stake_at_capture == 0 {
        return Ok(ExecutionLoss::NoStake);
    }
    let stake = u128::from(input.stake_at_capture);
    let requested = slash_loss_ceil(stake, wad)?;
    let avs_room = per_epoch_cap_floor(stake, input.avs_cap_bps, u128::from(input.avs_slashed))?;
    if avs_room == 0 {
        return Ok(ExecutionLoss::AvsCapUsed);
    }
    let vault_room = per_epoch_cap_floor(
        stake,
        input.registry_cap_bps,
        u128::from(input.vault_slashed),
    )?;
    if vault_room == 0 {
        return Ok(ExecutionLoss::VaultCapUsed);
    }
    // the caps are checked first: a used-up cap is the reason, whatever is left
    if input.remaining == 0 {
        return Ok(ExecutionLoss::NoStake);
    }
    let loss = capped(
        capped(capped(requested, avs_room), vault_room),
        u128::from(input.remaining),
    );
    // every term is at most the stake at capture, a u64
    let to_u64 = |v: u128| u64::try_from(v).map_err(|_| MathError::Overflow);
    Ok(ExecutionLoss::Take {
        requested: to_u64(requested)?,
        loss: to_u64(loss)?,
        avs_room: to_u64(avs_room)?,
        vault_room: to_u64(vault_room)?,
    })
}

/// `min(1e18, ceil(rest_wad * 1e18 / base_value_wad))`: the pro-rata fraction (WAD) of tier
/// c. Rounding up means the fraction taken from everyone covers the rest (up to everything
/// there is); it overshoots by less than `1e-18` of the base. `0` if there is nothing to
/// cover (`rest_wad == 0`) or nothing to take it from (`base_value_wad == 0`).
pub fn slash_fraction_ceil(rest_wad: u128, base_value_wad: u128) -> MathResult<u128> {
    if rest_wad == 0 || base_value_wad == 0 {
        return Ok(0);
    }
    match mul_div_ceil(rest_wad, WAD, base_value_wad) {
        Ok(f) => Ok(f.min(WAD)),
        // rest / base >= 2^128 / 1e18: far above one whole, so everything.
        Err(MathError::Overflow) => Ok(WAD),
        Err(e) => Err(e),
    }
}

/// `ceil(amount * fraction_wad / 1e18)`: what an active amount loses in tier c. Rounding up
/// means a positive fraction of a positive amount takes at least one base unit (the pool
/// cannot hide behind dust); it never exceeds `amount` (the fraction is at most 1).
///
/// Errors: [`MathError::InvalidFraction`] if `fraction_wad > WAD`.
pub fn pro_rata_take_ceil(amount: u64, fraction_wad: u128) -> MathResult<u64> {
    check_fraction(fraction_wad)?;
    to_u64(mul_div_ceil(u128::from(amount), fraction_wad, WAD)?)
}

/// `floor(scale_wad * (1e18 - fraction_wad) / 1e18)`: a slashable bucket's scale after
/// tier c. Rounding down means the bucket's claims (floors at the new scale) never exceed
/// what it keeps; the scale may reach 0 (a fully slashed bucket pays nothing). With
/// `fraction_wad == 0` the scale is unchanged.
///
/// Errors: [`MathError::InvalidFraction`] if `fraction_wad > WAD`;
/// [`MathError::InvalidScale`] if `scale_wad > WAD`.
pub fn slashed_scale_floor(scale_wad: u128, fraction_wad: u128) -> MathResult<u128> {
    check_fraction(fraction_wad)?;
    if scale_wad > WAD {
        return Err(MathError::InvalidScale);
    }
    let kept = WAD
        .checked_sub(fraction_wad)
        .ok_or(MathError::InvalidFraction)?;
    mul_div_floor(scale_wad, kept, WAD)
}

/// A slashable withdrawal bucket as the planner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BucketInput {
    /// Whether the bucket exists. An absent bucket is not read and not changed.
    pub present: bool,
    /// The bucket's cumulative scale (WAD), `0..=WAD`; 0 is a bucket slashed to nothing.
    pub scale_wad: u128,
    /// The bucket's total per asset, in unscaled units (`u128`: see [`crate::bucket`]).
    pub unscaled: [u128; MAX_ASSETS],
}

/// Everything [`plan_slash`] needs, in fixed-size arrays (no heap). Only the first
/// `asset_count` entries of the per-asset arrays are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlashInput {
    /// The loss to apply (WAD-scaled lamports), after caps: [`slash_loss_ceil`], [`capped`].
    pub loss_wad: u128,
    /// All shares of the vault: LRT supply plus dead, bond and insurance shares.
    pub share_supply: u64,
    /// The slashed operator's bond in this vault (tier a), part of `share_supply`.
    pub bond_shares: u64,
    /// The vault's insurance fund (tier b), part of `share_supply`.
    pub insurance_shares: u64,
    /// How many assets the vault holds, `0..=MAX_ASSETS`.
    pub asset_count: u8,
    /// The active pool per asset (raw token units).
    pub active: [u64; MAX_ASSETS],
    /// This epoch's price per asset (lamports per raw unit, WAD).
    pub price_wad: [u128; MAX_ASSETS],
    /// The slashable buckets: epochs c+1 and c+2, in that order.
    pub buckets: [BucketInput; SLASHABLE_BUCKETS],
}

/// What `apply_slash` writes: every number the books and the `SlashApplied` event need.
///
/// Per asset `k`, exactly (for `k >= asset_count` every take is 0 and `active_after[k] ==
/// active[k]`):
///
/// ```text
/// active_after[k] + taken_by_bond[k] + taken_by_insurance[k] + taken_pro_rata[k] == active[k]
/// escrow[k] == taken_by_bond[k] + taken_by_insurance[k] + taken_pro_rata[k]
///            + bucket_taken[0][k] + bucket_taken[1][k]
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlashPlan {
    /// Bond shares burnt in tier a.
    pub bond_shares_burnt: u64,
    /// Insurance shares burnt in tier b.
    pub insurance_shares_burnt: u64,
    /// Loss value counted as covered by tier a (the burnt shares' value, see the module).
    pub bond_value_covered_wad: u128,
    /// Loss value counted as covered by tier b.
    pub insurance_value_covered_wad: u128,
    /// `bond_value_covered_wad + insurance_value_covered_wad` (<= the loss).
    pub value_covered_wad: u128,
    /// `loss - value_covered_wad`: what tier c had to take.
    pub rest_wad: u128,
    /// `B`: the value of the active pool after tiers a/b plus each present bucket's scaled
    /// total, at the input prices (each bucket asset rounded down to whole units).
    pub base_value_wad: u128,
    /// `f`, the pro-rata fraction of tier c (WAD): [`slash_fraction_ceil`] of
    /// `rest_wad` over `base_value_wad`.
    pub fraction_wad: u128,
    /// Tokens per asset moved from the active pool to the escrow for the bond's shares.
    pub taken_by_bond: [u64; MAX_ASSETS],
    /// Tokens per asset moved from the active pool to the escrow for the insurance shares.
    pub taken_by_insurance: [u64; MAX_ASSETS],
    /// Tokens per asset taken from the active pool in tier c: [`pro_rata_take_ceil`].
    pub taken_pro_rata: [u64; MAX_ASSETS],
    /// Tokens per asset each slashable bucket gives up in tier c:
    /// `floor(unscaled * old_scale) - floor(unscaled * new_scale)` (0 if absent).
    pub bucket_taken: [[u64; MAX_ASSETS]; SLASHABLE_BUCKETS],
    /// Total tokens per asset moved to the slash escrow, from all tiers.
    pub escrow: [u64; MAX_ASSETS],
    /// The active pool per asset after the slash.
    pub active_after: [u64; MAX_ASSETS],
    /// `share_supply - bond_shares_burnt - insurance_shares_burnt`.
    pub share_supply_after: u64,
    /// Each bucket's scale after the slash: [`slashed_scale_floor`] if present, the input
    /// scale otherwise.
    pub bucket_scale_after: [u128; SLASHABLE_BUCKETS],
    /// Value of `escrow` at the input prices (exact).
    pub value_taken_wad: u128,
}

/// Exact value of the first `n` entries of a per-asset array.
fn pool_value_wad(
    amounts: &[u64; MAX_ASSETS],
    prices: &[u128; MAX_ASSETS],
    n: usize,
) -> MathResult<u128> {
    let mut basket = [(0u64, 0u128); MAX_ASSETS];
    for (slot, (&amount, &price)) in basket.iter_mut().zip(amounts.iter().zip(prices)) {
        *slot = (amount, price);
    }
    basket_value_wad(basket.get(..n).ok_or(MathError::InvalidAssetCount)?)
}

/// A bucket's scaled totals (what its tickets can claim, in all) at `scale_wad`.
fn bucket_amounts(
    unscaled: &[u128; MAX_ASSETS],
    scale_wad: u128,
    n: usize,
) -> MathResult<[u64; MAX_ASSETS]> {
    let mut amounts = [0u64; MAX_ASSETS];
    for (amount, &units) in amounts.iter_mut().zip(unscaled).take(n) {
        *amount = scaled_amount_floor(units, scale_wad)?;
    }
    Ok(amounts)
}

/// One share-burning tier (a or b).
#[derive(Default)]
struct TierBurn {
    burnt: u64,
    covered_wad: u128,
    taken: [u64; MAX_ASSETS],
}

/// Burns up to `tier_shares` of `supply` against `loss_wad` (see the module doc, tier a).
/// Worthless shares (`V == 0`) cover nothing and burn nothing.
fn burn_tier(
    loss_wad: u128,
    tier_shares: u64,
    supply: u64,
    active: &[u64; MAX_ASSETS],
    prices: &[u128; MAX_ASSETS],
    n: usize,
) -> MathResult<TierBurn> {
    if loss_wad == 0 || tier_shares == 0 {
        return Ok(TierBurn::default());
    }
    let value = pool_value_wad(active, prices, n)?;
    if value == 0 {
        return Ok(TierBurn::default());
    }
    let supply_wide = u128::from(supply);
    // ceil(loss * S / V) >= 1 since loss, S, V > 0 (S >= tier_shares > 0). A quotient past
    // u128 is far more than any tier holds: saturate, the bond is then exhausted.
    let needed = match mul_div_ceil(loss_wad, supply_wide, value) {
        Ok(shares) => shares,
        Err(MathError::Overflow) => u128::MAX,
        Err(e) => return Err(e),
    };
    let (burnt, covered_wad) = if needed <= u128::from(tier_shares) {
        (to_u64(needed)?, loss_wad)
    } else {
        // tier_shares < needed means tier_shares * V / S < loss: covered < loss.
        let covered = mul_div_floor(u128::from(tier_shares), value, supply_wide)?;
        (tier_shares, covered)
    };
    let mut taken = [0u64; MAX_ASSETS];
    for (take, &amount) in taken.iter_mut().zip(active).take(n) {
        *take = amount_for_shares_floor(amount, burnt, supply)?;
    }
    Ok(TierBurn {
        burnt,
        covered_wad,
        taken,
    })
}

/// Removes `taken` from `amounts`, per asset.
fn subtract_each(amounts: &mut [u64; MAX_ASSETS], taken: &[u64; MAX_ASSETS]) -> MathResult<()> {
    for (amount, &take) in amounts.iter_mut().zip(taken) {
        *amount = amount.checked_sub(take).ok_or(MathError::Overflow)?;
    }
    Ok(())
}

/// Adds `more` to `sums`, per asset.
fn add_each(sums: &mut [u64; MAX_ASSETS], more: &[u64; MAX_ASSETS]) -> MathResult<()> {
    for (sum, &extra) in sums.iter_mut().zip(more) {
        *sum = sum.checked_add(extra).ok_or(MathError::Overflow)?;
    }
    Ok(())
}

/// Plans a slash: runs the loss down the waterfall (bond, insurance, everyone pro rata; see
/// the module doc) and returns every amount to write. Pure and O(assets): no holder or
/// ticket is visited, and an error means the inputs were inconsistent (nothing to apply).
///
/// Edge cases: `loss_wad == 0` plans nothing; if the active pool is worth 0 the bond and
/// insurance shares are worthless and burn nothing (tier c then takes from the buckets);
/// if `B == 0` nothing can be taken (`f == 0`) and the rest goes unpaid; a loss above
/// everything there is takes everything (`f == 1`, bucket scales 0). Against buckets alone
/// (`V == 0`) a positive loss always lowers a scale (`f >= 1e-18`), but a loss worth less
/// than one base unit per position may move no token (the scale falls, but the floors of
/// the bucket's totals do not): such a sub-unit loss goes uncollected.
///
/// Rounding slack (proven in `tests/slash_invariants.rs`), with `p_k` the prices:
/// `value_taken_wad <= loss_wad + slack`, where `slack` is the sum of
/// - `floor(V_a / S_a)` if tier a burnt shares, and `floor(V_b / S_b)` if tier b did (one
///   share's value at that tier's start: the share count rounds up, the tokens down);
/// - `ceil(B / 1e18)` (the ceil of `f`, less than `1e-18` of the base);
/// - `p_k` for every asset with a non-zero active amount before tier c (the ceil of each
///   pro-rata take);
/// - `p_k * (2 + ceil(u / 1e18))` for every present bucket position of `u > 0` unscaled
///   units (the floors of the old and new scaled totals, and the floor of the new scale,
///   worth `u / 1e18` units);
///
/// and always `value_taken_wad <= V + value of the buckets' scaled totals` (nothing is
/// taken that is not there).
///
/// Errors: [`MathError::InvalidAssetCount`] if `asset_count > MAX_ASSETS`;
/// [`MathError::SharesExceedSupply`] if `bond_shares + insurance_shares > share_supply`;
/// [`MathError::InvalidScale`] if a present bucket's scale is above WAD;
/// [`MathError::Overflow`] if a value or a sum of amounts does not fit (more than any vault
/// holds).
pub fn plan_slash(input: &SlashInput) -> MathResult<SlashPlan> {
    let n = usize::from(input.asset_count);
    if n > MAX_ASSETS {
        return Err(MathError::InvalidAssetCount);
    }
    let tier_shares = input
        .bond_shares
        .checked_add(input.insurance_shares)
        .ok_or(MathError::SharesExceedSupply)?;
    if tier_shares > input.share_supply {
        return Err(MathError::SharesExceedSupply);
    }
    if input
        .buckets
        .iter()
        .any(|bucket| bucket.present && bucket.scale_wad > WAD)
    {
        return Err(MathError::InvalidScale);
    }
    let prices = &input.price_wad;
    let mut plan = SlashPlan {
        active_after: input.active,
        share_supply_after: input.share_supply,
        ..SlashPlan::default()
    };
    for (scale_after, bucket) in plan.bucket_scale_after.iter_mut().zip(&input.buckets) {
        *scale_after = bucket.scale_wad;
    }

    // a. the operator's bond
    let bond = burn_tier(
        input.loss_wad,
        input.bond_shares,
        plan.share_supply_after,
        &plan.active_after,
        prices,
        n,
    )?;
    plan.share_supply_after = plan
        .share_supply_after
        .checked_sub(bond.burnt)
        .ok_or(MathError::SharesExceedSupply)?;
    subtract_each(&mut plan.active_after, &bond.taken)?;
    plan.bond_shares_burnt = bond.burnt;
    plan.bond_value_covered_wad = bond.covered_wad;
    plan.taken_by_bond = bond.taken;
    let after_bond = input
        .loss_wad
        .checked_sub(bond.covered_wad)
        .ok_or(MathError::Overflow)?;

    // b. the insurance fund, on what is left
    let insurance = burn_tier(
        after_bond,
        input.insurance_shares,
        plan.share_supply_after,
        &plan.active_after,
        prices,
        n,
    )?;
    plan.share_supply_after = plan
        .share_supply_after
        .checked_sub(insurance.burnt)
        .ok_or(MathError::SharesExceedSupply)?;
    subtract_each(&mut plan.active_after, &insurance.taken)?;
    plan.insurance_shares_burnt = insurance.burnt;
    plan.insurance_value_covered_wad = insurance.covered_wad;
    plan.taken_by_insurance = insurance.taken;
    plan.value_covered_wad = bond
        .covered_wad
        .checked_add(insurance.covered_wad)
        .ok_or(MathError::Overflow)?;
    plan.rest_wad = after_bond
        .checked_sub(insurance.covered_wad)
        .ok_or(MathError::Overflow)?;

    // c. everyone else, pro rata: the active pool and the present buckets
    let mut base = pool_value_wad(&plan.active_after, prices, n)?;
    for bucket in input.buckets.iter().filter(|bucket| bucket.present) {
        let amounts = bucket_amounts(&bucket.unscaled, bucket.scale_wad, n)?;
        base = base
            .checked_add(pool_value_wad(&amounts, prices, n)?)
            .ok_or(MathError::Overflow)?;
    }
    plan.base_value_wad = base;
    let f = slash_fraction_ceil(plan.rest_wad, base)?;
    plan.fraction_wad = f;

    for (take, &amount) in plan
        .taken_pro_rata
        .iter_mut()
        .zip(&plan.active_after)
        .take(n)
    {
        *take = pro_rata_take_ceil(amount, f)?;
    }
    subtract_each(&mut plan.active_after, &plan.taken_pro_rata)?;

    for ((bucket, scale_after), taken) in input
        .buckets
        .iter()
        .zip(plan.bucket_scale_after.iter_mut())
        .zip(plan.bucket_taken.iter_mut())
    {
        if !bucket.present {
            continue;
        }
        let new_scale = slashed_scale_floor(bucket.scale_wad, f)?;
        let before = bucket_amounts(&bucket.unscaled, bucket.scale_wad, n)?;
        let after = bucket_amounts(&bucket.unscaled, new_scale, n)?;
        for ((take, &had), &keeps) in taken.iter_mut().zip(&before).zip(&after) {
            // new_scale <= old scale, so keeps <= had.
            *take = had.checked_sub(keeps).ok_or(MathError::Overflow)?;
        }
        *scale_after = new_scale;
    }

    // the escrow: everything every tier took
    plan.escrow = plan.taken_by_bond;
    add_each(&mut plan.escrow, &plan.taken_by_insurance)?;
    add_each(&mut plan.escrow, &plan.taken_pro_rata)?;
    for taken in &plan.bucket_taken {
        add_each(&mut plan.escrow, taken)?;
    }
    plan.value_taken_wad = pool_value_wad(&plan.escrow, prices, n)?;
    Ok(plan)
}

#[cfg(test)]
mod tests {

    fn execution(
        stake: u64,
        remaining: u64,
        wad: u128,
        caps: (u16, u64, u16, u64),
    ) -> ExecutionInput {
        ExecutionInput {
            stake_at_capture: stake,
            remaining,
            request_wad: wad,
            max_slash_wad: WAD,
            avs_cap_bps: caps.0,
            avs_slashed: caps.1,
            registry_cap_bps: caps.2,
            vault_slashed: caps.3,
        }
    }

    /// `(requested, loss)` of a `Take`, for the assertions below.
    fn take(input: &ExecutionInput) -> Option<(u64, u64)> {
        match execution_loss(input).unwrap() {
            ExecutionLoss::Take {
                requested, loss, ..
            } => Some((requested, loss)),
            _ => None,
        }
    }

    #[test]
    fn execution_loss_takes_the_fraction_within_both_caps_and_the_stake_left() {
        let sol = 1_000_000_000u64;
        // 5% of 100 SOL, caps wide open
        let plain = execution(100 * sol, 100 * sol, WAD / 20, (10_000, 0, 10_000, 0));
        assert_eq!(take(&plain), Some((5 * sol, 5 * sol)));
        // the AVS cap (3%) binds, then the registry cap (2% with 1% used) binds harder
        let avs = execution(100 * sol, 100 * sol, WAD / 20, (300, 0, 10_000, 0));
        assert_eq!(take(&avs), Some((5 * sol, 3 * sol)));
        let both = execution(100 * sol, 99 * sol, WAD / 20, (300, 0, 200, sol));
        assert_eq!(take(&both), Some((5 * sol, sol)));
        // the stake left bounds it last
        let left = execution(100 * sol, 2, WAD / 20, (10_000, 0, 10_000, 0));
        assert_eq!(take(&left), Some((5 * sol, 2)));
        // a zero fraction is no request
        let zero = execution(100 * sol, 100 * sol, 0, (10_000, 0, 10_000, 0));
        assert_eq!(execution_loss(&zero), Err(MathError::InvalidFraction));
        // used-up caps and no stake take nothing
        let used = execution(
            100 * sol,
            97 * sol,
            WAD / 20,
            (300, 3 * sol, 10_000, 3 * sol),
        );
        assert_eq!(execution_loss(&used).unwrap(), ExecutionLoss::AvsCapUsed);
        let used = execution(100 * sol, 90 * sol, WAD / 20, (10_000, 0, 1_000, 10 * sol));
        assert_eq!(execution_loss(&used).unwrap(), ExecutionLoss::VaultCapUsed);
        let none = execution(0, 0, WAD / 20, (10_000, 0, 10_000, 0));
        assert_eq!(execution_loss(&none).unwrap(), ExecutionLoss::NoStake);
        // a dust fraction of a positive stake still takes a lamport
        let dust = execution(100 * sol, 100 * sol, 1, (10_000, 0, 10_000, 0));
        assert_eq!(take(&dust), Some((1, 1)));
    }

    use super::*;

    /// `[a, b, c]` padded with zeros to `MAX_ASSETS`.
    fn pad<T: Copy + Default, const N: usize>(xs: [T; N]) -> [T; MAX_ASSETS] {
        let mut out = [T::default(); MAX_ASSETS];
        out[..N].copy_from_slice(&xs);
        out
    }

    /// 1 SOL = 1e18 per lamport; 1.25 SOL; 0.8 SOL per raw unit.
    const PRICES: [u128; 3] = [WAD, 5 * WAD / 4, 4 * WAD / 5];

    fn bucket(scale_wad: u128, unscaled: [u128; 3]) -> BucketInput {
        BucketInput {
            present: true,
            scale_wad,
            unscaled: pad(unscaled),
        }
    }

    /// Three assets worth 4000 + 2500 + 4000 = 10_500 lamports, 10_500 shares (1 lamport
    /// per share), two slashable buckets: c+1 unslashed with [1000, 400, 0] (worth
    /// 1000 + 500 = 1500), c+2 at scale 1/2 with [2000, 0, 1000] unscaled (scaled
    /// [1000, 0, 500], worth 1000 + 400 = 1400).
    fn three_asset_vault(loss_wad: u128, bond_shares: u64, insurance_shares: u64) -> SlashInput {
        SlashInput {
            loss_wad,
            share_supply: 10_500,
            bond_shares,
            insurance_shares,
            asset_count: 3,
            active: pad([4_000, 2_000, 5_000]),
            price_wad: pad(PRICES),
            buckets: [
                bucket(WAD, [1_000, 400, 0]),
                bucket(WAD / 2, [2_000, 0, 1_000]),
            ],
        }
    }

    #[test]
    fn loss_rounds_up_so_no_positive_slash_is_dust() {
        assert_eq!(slash_loss_ceil(7, WAD / 2), Ok(4)); // 3.5 -> 4
        assert_eq!(slash_loss_ceil(1, 1), Ok(1)); // 1e-18 -> 1
        assert_eq!(slash_loss_ceil(1_000 * WAD, WAD / 10), Ok(100 * WAD));
        assert_eq!(slash_loss_ceil(u128::MAX, WAD), Ok(u128::MAX));
        assert_eq!(slash_loss_ceil(u128::MAX, 0), Ok(0));
        assert_eq!(slash_loss_ceil(0, WAD), Ok(0));
        assert_eq!(slash_loss_ceil(1, WAD + 1), Err(MathError::InvalidFraction));
    }

    #[test]
    fn cap_room_rounds_down_and_is_used_up() {
        // 20% of 12_345 = 2469 exactly; of 12_349 = 2469.8 -> 2469
        assert_eq!(per_epoch_cap_floor(12_345, 2_000, 0), Ok(2_469));
        assert_eq!(per_epoch_cap_floor(12_349, 2_000, 0), Ok(2_469));
        assert_eq!(per_epoch_cap_floor(12_345, 2_000, 469), Ok(2_000));
        assert_eq!(per_epoch_cap_floor(12_345, 2_000, 2_469), Ok(0));
        assert_eq!(per_epoch_cap_floor(12_345, 2_000, 3_000), Ok(0));
        assert_eq!(per_epoch_cap_floor(u128::MAX, 10_000, 0), Ok(u128::MAX));
        assert_eq!(per_epoch_cap_floor(u128::MAX, 0, 0), Ok(0));
        assert_eq!(
            per_epoch_cap_floor(1, 10_001, 0),
            Err(MathError::InvalidBps)
        );
        assert_eq!(capped(5, 3), 3);
        assert_eq!(capped(3, 5), 3);
        assert_eq!(capped(u128::MAX, 0), 0);
    }

    #[test]
    fn fraction_rounds_up_and_stops_at_one() {
        assert_eq!(slash_fraction_ceil(1, 3), Ok(333_333_333_333_333_334));
        assert_eq!(slash_fraction_ceil(3, 3), Ok(WAD));
        assert_eq!(slash_fraction_ceil(5, 3), Ok(WAD));
        assert_eq!(slash_fraction_ceil(u128::MAX, 1), Ok(WAD)); // quotient past u128
        assert_eq!(slash_fraction_ceil(1, u128::MAX), Ok(1));
        assert_eq!(slash_fraction_ceil(0, 5), Ok(0));
        assert_eq!(slash_fraction_ceil(5, 0), Ok(0));
    }

    #[test]
    fn pro_rata_take_rounds_up_and_never_exceeds_the_amount() {
        assert_eq!(pro_rata_take_ceil(10, 1), Ok(1)); // 1e-17 -> 1
        assert_eq!(pro_rata_take_ceil(10, WAD / 2), Ok(5));
        assert_eq!(pro_rata_take_ceil(3, WAD / 2), Ok(2)); // 1.5 -> 2
        assert_eq!(pro_rata_take_ceil(u64::MAX, WAD), Ok(u64::MAX));
        assert_eq!(pro_rata_take_ceil(0, WAD), Ok(0));
        assert_eq!(pro_rata_take_ceil(7, 0), Ok(0));
        assert_eq!(
            pro_rata_take_ceil(1, WAD + 1),
            Err(MathError::InvalidFraction)
        );
    }

    #[test]
    fn slashed_scale_rounds_down_and_can_reach_zero() {
        assert_eq!(slashed_scale_floor(WAD, 1), Ok(WAD - 1));
        assert_eq!(slashed_scale_floor(WAD, 0), Ok(WAD));
        // 333_333_333_333_333_333 / 2 = 166_666_666_666_666_666.5 -> ..666
        assert_eq!(
            slashed_scale_floor(WAD / 3, WAD / 2),
            Ok(166_666_666_666_666_666)
        );
        assert_eq!(slashed_scale_floor(1, 1), Ok(0)); // 1 * (1 - 1e-18) -> 0
        assert_eq!(slashed_scale_floor(WAD, WAD), Ok(0));
        assert_eq!(slashed_scale_floor(0, WAD / 2), Ok(0));
        assert_eq!(
            slashed_scale_floor(WAD + 1, 0),
            Err(MathError::InvalidScale)
        );
        assert_eq!(
            slashed_scale_floor(WAD, WAD + 1),
            Err(MathError::InvalidFraction)
        );
    }

    #[test]
    fn bond_covers_the_whole_loss_and_holders_lose_nothing() {
        // loss 30.5 lamports; V = 10_500, S = 10_500: ceil(30.5 * 10_500 / 10_500) = 31
        // shares burnt (bond 1_000 suffices), covered = the whole 30.5.
        // tokens moved = floor(active_k * 31 / 10_500): 4000 -> 11 (11.8), 2000 -> 5 (5.9),
        // 5000 -> 14 (14.76), worth 11 + 6.25 + 11.2 = 28.45 lamports.
        let input = three_asset_vault(30 * WAD + WAD / 2, 1_000, 210);
        let plan = plan_slash(&input).unwrap();
        let moved = pad([11, 5, 14]);
        assert_eq!(
            plan,
            SlashPlan {
                bond_shares_burnt: 31,
                insurance_shares_burnt: 0,
                bond_value_covered_wad: 30 * WAD + WAD / 2,
                insurance_value_covered_wad: 0,
                value_covered_wad: 30 * WAD + WAD / 2,
                rest_wad: 0,
                // active after a: 3989 + 1995 * 1.25 + 4986 * 0.8 = 10_471.55, + 1500 + 1400
                base_value_wad: 13_371 * WAD + 55 * WAD / 100,
                fraction_wad: 0,
                taken_by_bond: moved,
                taken_by_insurance: [0; MAX_ASSETS],
                taken_pro_rata: [0; MAX_ASSETS],
                bucket_taken: [[0; MAX_ASSETS]; 2],
                escrow: moved,
                active_after: pad([3_989, 1_995, 4_986]),
                share_supply_after: 10_469,
                bucket_scale_after: [WAD, WAD / 2],
                value_taken_wad: 28 * WAD + 45 * WAD / 100,
            }
        );
        // the other shares' price did not fall: V' / S' >= V / S, by cross-multiplication
        // (10_471.55 * 10_500 >= 10_500 * 10_469)
        let value = |amounts: &[u64; MAX_ASSETS]| pool_value_wad(amounts, &input.price_wad, 3);
        let (before, after) = (
            value(&input.active).unwrap(),
            value(&plan.active_after).unwrap(),
        );
        assert_eq!(after, 10_471 * WAD + 55 * WAD / 100);
        assert!(after * 10_500 >= before * 10_469);
    }

    #[test]
    fn bond_and_insurance_exhausted_then_everyone_pro_rata() {
        // loss 1500 lamports; bond 100, insurance 210.
        // a. ceil(1500 * 10_500 / 10_500) = 1500 > 100: burn 100, covered
        //    floor(100 * 10_500 / 10_500) = 100. moved floor(active_k * 100 / 10_500):
        //    4000 -> 38 (38.09), 2000 -> 19 (19.04), 5000 -> 47 (47.6), worth 99.35 < 100.
        //    S = 10_400; active [3962, 1981, 4953] worth 3962 + 2476.25 + 3962.4 = 10_400.65.
        // b. rest 1400: ceil(1400 * 10_400 / 10_400.65) = 1400 > 210: burn 210, covered
        //    floor(210 * 10_400.65 / 10_400) = 210.013125 (the insurance gets the price rise
        //    left by tier a's rounding). moved floor(active_k * 210 / 10_400): 3962 -> 80
        //    (80.003), 1981 -> 40 (40.001), 4953 -> 100 (100.01). S = 10_190;
        //    active [3882, 1941, 4853] worth 3882 + 2426.25 + 3882.4 = 10_190.65.
        // c. rest = 1500 - 100 - 210.013125 = 1189.986875; B = 10_190.65 + 1500 + 1400
        //    = 13_090.65; f = ceil(1e18 * 1189.986875 / 13_090.65)
        //    = ceil(90_903_574_306_852_600.56..) = 90_903_574_306_852_601.
        //    active takes ceil(a * f): 3882 -> 353 (352.89), 1941 -> 177 (176.44),
        //    4853 -> 442 (441.16); after [3529, 1764, 4411].
        //    bucket c+1: scale floor(1e18 * (1 - f)) = 909_096_425_693_147_399;
        //    [1000, 400] -> [909 (909.096), 363 (363.64)]: gives up [91, 37, 0].
        //    bucket c+2: scale floor(5e17 * (1 - f)) = 454_548_212_846_573_699 (.5 dropped);
        //    unscaled [2000, 0, 1000] -> [909 (909.096), 0, 454 (454.55)] from
        //    [1000, 0, 500]: gives up [91, 0, 46].
        // escrow = [38 + 80 + 353 + 91 + 91, 19 + 40 + 177 + 37, 47 + 100 + 442 + 46]
        //        = [653, 273, 635], worth 653 + 341.25 + 508 = 1502.25 lamports.
        let plan = plan_slash(&three_asset_vault(1_500 * WAD, 100, 210)).unwrap();
        let f = 90_903_574_306_852_601;
        assert_eq!(
            plan,
            SlashPlan {
                bond_shares_burnt: 100,
                insurance_shares_burnt: 210,
                bond_value_covered_wad: 100 * WAD,
                insurance_value_covered_wad: 210_013_125_000_000_000_000,
                value_covered_wad: 310_013_125_000_000_000_000,
                rest_wad: 1_189_986_875_000_000_000_000,
                base_value_wad: 13_090_650_000_000_000_000_000,
                fraction_wad: f,
                taken_by_bond: pad([38, 19, 47]),
                taken_by_insurance: pad([80, 40, 100]),
                taken_pro_rata: pad([353, 177, 442]),
                bucket_taken: [pad([91, 37, 0]), pad([91, 0, 46])],
                escrow: pad([653, 273, 635]),
                active_after: pad([3_529, 1_764, 4_411]),
                share_supply_after: 10_190,
                bucket_scale_after: [909_096_425_693_147_399, 454_548_212_846_573_699],
                value_taken_wad: 1_502_250_000_000_000_000_000,
            }
        );
        assert_eq!(WAD - f, 909_096_425_693_147_399);
    }

    #[test]
    fn an_exhausted_bond_covers_its_shares_value_rounded_down() {
        // 10 lamports, 3 shares (3.33.. each); bond 1 share; loss 5.
        // a. ceil(5 * 3 / 10) = 2 > 1: burn 1, covered floor(1 * 10 / 3) = 3.33..3 (WAD),
        //    tokens moved floor(10 * 1 / 3) = 3.
        // c. rest 5 - 3.33..3 = 1.66..67; B = 7; f = ceil(1.66..67e18 / 7)
        //    = ceil(238_095_238_095_238_095.28..) = 238_095_238_095_238_096;
        //    take ceil(7 * f / 1e18) = ceil(1.66..) = 2.
        let input = SlashInput {
            loss_wad: 5 * WAD,
            share_supply: 3,
            bond_shares: 1,
            asset_count: 1,
            active: pad([10]),
            price_wad: pad([WAD]),
            ..SlashInput::default()
        };
        let plan = plan_slash(&input).unwrap();
        assert_eq!(plan.bond_shares_burnt, 1);
        assert_eq!(plan.bond_value_covered_wad, 3_333_333_333_333_333_333);
        assert_eq!(plan.taken_by_bond, pad([3]));
        assert_eq!(plan.rest_wad, 1_666_666_666_666_666_667);
        assert_eq!(plan.base_value_wad, 7 * WAD);
        assert_eq!(plan.fraction_wad, 238_095_238_095_238_096);
        assert_eq!(plan.taken_pro_rata, pad([2]));
        assert_eq!(plan.active_after, pad([5]));
        assert_eq!(plan.share_supply_after, 2);
        assert_eq!(plan.value_taken_wad, 5 * WAD);
    }

    #[test]
    fn worthless_bond_burns_nothing_and_buckets_carry_the_loss() {
        // The active pool is empty (V == 0): bond and insurance shares are worth nothing.
        // One bucket at scale 1/4 with 400 unscaled units = 100 tokens = 100 lamports.
        // f = 10 / 100 = 0.1; scale 0.25 * 0.9 = 0.225; claims 400 * 0.225 = 90: gives 10.
        let input = SlashInput {
            loss_wad: 10 * WAD,
            share_supply: 100,
            bond_shares: 50,
            insurance_shares: 50,
            asset_count: 2,
            active: [0; MAX_ASSETS],
            price_wad: pad([WAD, WAD]),
            buckets: [BucketInput::default(), bucket(WAD / 4, [400, 0, 0])],
        };
        let plan = plan_slash(&input).unwrap();
        assert_eq!(plan.bond_shares_burnt, 0);
        assert_eq!(plan.insurance_shares_burnt, 0);
        assert_eq!(plan.value_covered_wad, 0);
        assert_eq!(plan.share_supply_after, 100);
        assert_eq!(plan.fraction_wad, WAD / 10);
        assert_eq!(plan.bucket_scale_after, [0, 225_000_000_000_000_000]);
        assert_eq!(plan.bucket_taken, [[0; MAX_ASSETS], pad([10, 0])]);
        assert_eq!(plan.escrow, pad([10, 0]));
        assert_eq!(plan.value_taken_wad, 10 * WAD);
    }

    #[test]
    fn a_loss_above_everything_takes_everything_and_wipes_the_buckets() {
        // 10 active + 5 in a bucket = 15 lamports; loss 1000: f = 1.
        let input = SlashInput {
            loss_wad: 1_000 * WAD,
            share_supply: 10,
            asset_count: 1,
            active: pad([10]),
            price_wad: pad([WAD]),
            buckets: [
                bucket(WAD, [5, 0, 0]),
                bucket(0, [7, 0, 0]), // already wiped: worth 0, stays 0
            ],
            ..SlashInput::default()
        };
        let plan = plan_slash(&input).unwrap();
        assert_eq!(plan.fraction_wad, WAD);
        assert_eq!(plan.base_value_wad, 15 * WAD);
        assert_eq!(plan.active_after, [0; MAX_ASSETS]);
        assert_eq!(plan.taken_pro_rata, pad([10]));
        assert_eq!(plan.bucket_scale_after, [0, 0]);
        assert_eq!(plan.bucket_taken, [pad([5]), [0; MAX_ASSETS]]);
        assert_eq!(plan.escrow, pad([15]));
        assert_eq!(plan.value_taken_wad, 15 * WAD);
        assert_eq!(plan.share_supply_after, 10); // holders keep worthless shares
    }

    #[test]
    fn the_smallest_loss_still_takes_something() {
        // 1e-18 lamport against 1 SOL: f = ceil(1e-27) = 1e-18; ceil(1e9 * 1e-18) = 1.
        let mut input = SlashInput {
            loss_wad: 1,
            share_supply: 1_000_000_000,
            asset_count: 1,
            active: pad([1_000_000_000]),
            price_wad: pad([WAD]),
            ..SlashInput::default()
        };
        let plan = plan_slash(&input).unwrap();
        assert_eq!(plan.fraction_wad, 1);
        assert_eq!(plan.escrow, pad([1]));
        // with a bond: ceil(1 * 1e9 / 1e27) = 1 share, worth floor(1e9 * 1 / 1e9) = 1
        input.bond_shares = 5;
        let plan = plan_slash(&input).unwrap();
        assert_eq!(plan.bond_shares_burnt, 1);
        assert_eq!(plan.value_covered_wad, 1);
        assert_eq!(plan.fraction_wad, 0);
        assert_eq!(plan.escrow, pad([1]));
    }

    #[test]
    fn a_zero_loss_plans_nothing() {
        let input = three_asset_vault(0, 100, 210);
        let plan = plan_slash(&input).unwrap();
        assert_eq!(plan.escrow, [0; MAX_ASSETS]);
        assert_eq!(plan.active_after, input.active);
        assert_eq!(plan.share_supply_after, input.share_supply);
        assert_eq!(plan.bucket_scale_after, [WAD, WAD / 2]);
        assert_eq!(plan.value_taken_wad, 0);
    }

    #[test]
    fn assets_past_the_count_are_not_read() {
        let mut input = three_asset_vault(1_500 * WAD, 100, 210);
        let plan = plan_slash(&input).unwrap();
        input.active[5] = 77;
        input.price_wad[5] = WAD;
        input.buckets[0].unscaled[5] = 99;
        let with_junk = plan_slash(&input).unwrap();
        assert_eq!(with_junk.active_after[5], 77);
        assert_eq!(with_junk.escrow, plan.escrow);
        assert_eq!(with_junk.fraction_wad, plan.fraction_wad);
    }

    #[test]
    fn inconsistent_inputs_are_refused() {
        let good = three_asset_vault(WAD, 100, 210);
        let mut bad = good;
        bad.asset_count = 9;
        assert_eq!(plan_slash(&bad), Err(MathError::InvalidAssetCount));
        let mut bad = good;
        bad.bond_shares = 10_400;
        bad.insurance_shares = 101;
        assert_eq!(plan_slash(&bad), Err(MathError::SharesExceedSupply));
        bad.bond_shares = u64::MAX;
        assert_eq!(plan_slash(&bad), Err(MathError::SharesExceedSupply));
        let mut bad = good;
        bad.buckets[1].scale_wad = WAD + 1;
        assert_eq!(plan_slash(&bad), Err(MathError::InvalidScale));
        // an absent bucket is not read
        bad.buckets[1].present = false;
        assert!(plan_slash(&bad).is_ok());
    }
}

// The money math of crates/restaking-math, in bigint: the same integers, the same rounding
// (each function names its own, as the Rust one does) and the same refusals
// (`MathError`, for exactly the inputs the Rust function refuses). No floating point
// touches an amount. Every function cites the Rust function it mirrors; the tests check
// them through the helpers against numbers the Rust functions wrote
// (crates/lrt-client/tests/ts_vectors.rs).
//
// Inputs are the decoded accounts' integers (u64, u128 as bigint): a bigint product never
// overflows, so where Rust keeps a 256-bit intermediate (`mul_div_floor`) this is exact
// too, and where Rust refuses a result that does not fit its type, so does this.

/** `restaking_math::WAD`: fixed-point scale of prices, values, fractions and scales. */
export const WAD = 1_000_000_000_000_000_000n;
/** `restaking_math::BPS_DENOMINATOR`. */
export const BPS_DENOMINATOR = 10_000n;
/** `lrt_vault::constants::MAX_ASSETS`: assets a vault holds inline. */
export const MAX_ASSETS = 8;
/** `restaking_math::INITIAL_BUCKET_SCALE`. */
export const INITIAL_BUCKET_SCALE = WAD;
/** `restaking_math::MARINADE_STALENESS_MARGIN_BPS`. */
export const MARINADE_STALENESS_MARGIN_BPS = 10n;
/** One SOL in lamports (SOL and LRT both have 9 decimals). */
export const LAMPORTS_PER_SOL = 1_000_000_000n;

export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;

/** `restaking_math::MathError`: why a money computation was refused. */
export type MathErrorKind =
  | 'Overflow'
  | 'DivisionByZero'
  | 'VaultValueIsZero'
  | 'SharesExceedSupply'
  | 'InvalidBps'
  | 'InvalidScale'
  | 'BucketWiped'
  | 'InvalidFraction'
  | 'InvalidAssetCount';

/** A refusal of the money math, as `restaking_math::MathError`. */
export class MathError extends Error {
  readonly kind: MathErrorKind;
  constructor(kind: MathErrorKind) {
    super(`restaking math: ${kind}`);
    this.name = 'MathError';
    this.kind = kind;
  }
}

/** `restaking_math::to_u64`: narrows to u64 or refuses with `Overflow`. */
export function toU64(x: bigint): bigint {
  if (x < 0n || x > U64_MAX) throw new MathError('Overflow');
  return x;
}

/** A u128 result, or `Overflow` (Rust's `checked_*` on u128). */
export function toU128(x: bigint): bigint {
  if (x < 0n || x > U128_MAX) throw new MathError('Overflow');
  return x;
}

/** `u64::saturating_add`. */
export function saturatingAddU64(a: bigint, b: bigint): bigint {
  const sum = a + b;
  return sum > U64_MAX ? U64_MAX : sum;
}

/** `u64::saturating_sub`. */
export function saturatingSub(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}

/** `u64::saturating_mul`. */
export function saturatingMulU64(a: bigint, b: bigint): bigint {
  const product = a * b;
  return product > U64_MAX ? U64_MAX : product;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** `restaking_math::wide::mul_div_floor`: floor(a * b / d), exact; the quotient must fit u128. */
export function mulDivFloor(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new MathError('DivisionByZero');
  return toU128((a * b) / d);
}

/** `restaking_math::wide::mul_div_ceil`: ceil(a * b / d), exact; the quotient must fit u128. */
export function mulDivCeil(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new MathError('DivisionByZero');
  const product = a * b;
  const q = product / d;
  return toU128(product % d === 0n ? q : q + 1n);
}

/** `restaking_math::asset_value_wad`: amount * price_wad, exact (u128). */
export function assetValueWad(amount: bigint, priceWad: bigint): bigint {
  return toU128(amount * priceWad);
}

/** `restaking_math::basket_value_wad`: the exact sum of amount * price_wad (u128). */
export function basketValueWad(amountsAndPrices: ReadonlyArray<readonly [bigint, bigint]>): bigint {
  let sum = 0n;
  for (const [amount, priceWad] of amountsAndPrices) {
    sum = toU128(sum + assetValueWad(amount, priceWad));
  }
  return sum;
}

/** `restaking_math::share_price_wad`: floor(total_value_wad / share_supply). */
export function sharePriceWad(totalValueWad: bigint, shareSupply: bigint): bigint {
  if (shareSupply === 0n) throw new MathError('DivisionByZero');
  return totalValueWad / shareSupply;
}

/** `restaking_math::lamports_floor`: floor(value_wad / 1e18) as u64. */
export function lamportsFloor(valueWad: bigint): bigint {
  return toU64(valueWad / WAD);
}

/** `restaking_math::initial_shares_floor`: floor(value_wad / 1e18) shares for a first deposit. */
export function initialSharesFloor(valueWad: bigint): bigint {
  return toU64(valueWad / WAD);
}

/**
 * `restaking_math::shares_for_deposit_floor`: floor(value * S / V); `S == 0` mints
 * `initialSharesFloor`; shares existing over a zero value refuse (`VaultValueIsZero`).
 */
export function sharesForDepositFloor(
  depositValueWad: bigint,
  shareSupply: bigint,
  totalValueWad: bigint,
): bigint {
  if (shareSupply === 0n) return initialSharesFloor(depositValueWad);
  if (totalValueWad === 0n) throw new MathError('VaultValueIsZero');
  return toU64(mulDivFloor(depositValueWad, shareSupply, totalValueWad));
}

/** `restaking_math::amount_for_shares_floor`: floor(active * shares / S). */
export function amountForSharesFloor(
  activeAmount: bigint,
  shares: bigint,
  shareSupply: bigint,
): bigint {
  if (shareSupply === 0n) throw new MathError('DivisionByZero');
  if (shares > shareSupply) throw new MathError('SharesExceedSupply');
  return toU64((activeAmount * shares) / shareSupply);
}

function checkBps(bps: bigint): void {
  if (bps > BPS_DENOMINATOR) throw new MathError('InvalidBps');
}

/** `restaking_math::fee_ceil`: ceil(amount * bps / 10_000). */
export function feeCeil(amount: bigint, feeBps: number | bigint): bigint {
  const bps = BigInt(feeBps);
  checkBps(bps);
  return toU64((amount * bps + BPS_DENOMINATOR - 1n) / BPS_DENOMINATOR);
}

/** `restaking_math::bps_floor`: floor(amount * bps / 10_000). */
export function bpsFloor(amount: bigint, bps: number | bigint): bigint {
  const b = BigInt(bps);
  checkBps(b);
  return toU64((amount * b) / BPS_DENOMINATOR);
}

/** `restaking_math::FeeSplit`. */
export type FeeSplit = { gross: bigint; fee: bigint; net: bigint };

/** `restaking_math::split_fee`: fee = fee_ceil(gross), net = gross - fee. */
export function splitFee(gross: bigint, feeBps: number | bigint): FeeSplit {
  const fee = feeCeil(gross, feeBps);
  return { gross, fee, net: gross - fee };
}

function checkScale(scaleWad: bigint): void {
  if (scaleWad === 0n || scaleWad > WAD) throw new MathError('InvalidScale');
}

/** `restaking_math::unscaled_amount_floor`: floor(amount * 1e18 / scale); a wiped bucket refuses. */
export function unscaledAmountFloor(amount: bigint, scaleWad: bigint): bigint {
  if (scaleWad === 0n) throw new MathError('BucketWiped');
  checkScale(scaleWad);
  return mulDivFloor(amount, WAD, scaleWad);
}

/** `restaking_math::scaled_amount_floor`: floor(unscaled * scale / 1e18); a wiped bucket pays 0. */
export function scaledAmountFloor(unscaled: bigint, scaleWad: bigint): bigint {
  if (scaleWad === 0n) return 0n;
  checkScale(scaleWad);
  return toU64(mulDivFloor(unscaled, scaleWad, WAD));
}

/** `restaking_math::allocated_stake_floor`: floor(value * allocation / 1e18) in whole lamports. */
export function allocatedStakeFloor(slashableValueWad: bigint, allocationWad: bigint): bigint {
  if (allocationWad > WAD) throw new MathError('InvalidFraction');
  return lamportsFloor(mulDivFloor(slashableValueWad, allocationWad, WAD));
}

/** `restaking_math::marinade_staleness_margin_ceil`: ceil(value * 10 / 10_000). */
export function marinadeStalenessMarginCeil(valueWad: bigint): bigint {
  return mulDivCeil(valueWad, MARINADE_STALENESS_MARGIN_BPS, BPS_DENOMINATOR);
}

/** `restaking_math::in_force`: `current` until `effectiveEpoch`, `next` from it. */
export function inForce<T>(current: T, next: T, effectiveEpoch: bigint, epoch: bigint): T {
  return epoch >= effectiveEpoch ? next : current;
}

function checkFraction(fractionWad: bigint): void {
  if (fractionWad > WAD) throw new MathError('InvalidFraction');
}

/** `restaking_math::slash_loss_ceil`: ceil(stake * wad / 1e18). */
export function slashLossCeil(stakeValueWad: bigint, slashWad: bigint): bigint {
  checkFraction(slashWad);
  return mulDivCeil(stakeValueWad, slashWad, WAD);
}

/** `restaking_math::per_epoch_cap_floor`: floor(stake * cap / 10_000) less what was slashed, at least 0. */
export function perEpochCapFloor(
  stakeValueWad: bigint,
  capBps: number | bigint,
  alreadySlashedWad: bigint,
): bigint {
  const bps = BigInt(capBps);
  checkBps(bps);
  return saturatingSub(mulDivFloor(stakeValueWad, bps, BPS_DENOMINATOR), alreadySlashedWad);
}

/** `restaking_math::ExecutionInput`. */
export type ExecutionInput = {
  stakeAtCapture: bigint;
  remaining: bigint;
  requestWad: bigint;
  maxSlashWad: bigint;
  avsCapBps: number;
  avsSlashed: bigint;
  registryCapBps: number;
  vaultSlashed: bigint;
};

/** `restaking_math::ExecutionLoss`. */
export type ExecutionLoss =
  | { kind: 'Take'; requested: bigint; loss: bigint; avsRoom: bigint; vaultRoom: bigint }
  | { kind: 'AvsCapUsed' }
  | { kind: 'VaultCapUsed' }
  | { kind: 'NoStake' };

/**
 * `restaking_math::execution_loss`: what one execution of a request takes from one
 * (vault, operator), after the AVS's maximum, both per-epoch caps and the stake left.
 */
export function executionLoss(input: ExecutionInput): ExecutionLoss {
  const wad = minBig(input.requestWad, input.maxSlashWad);
  if (wad === 0n) throw new MathError('InvalidFraction');
  if (input.stakeAtCapture === 0n) return { kind: 'NoStake' };
  const stake = input.stakeAtCapture;
  const requested = slashLossCeil(stake, wad);
  const avsRoom = perEpochCapFloor(stake, input.avsCapBps, input.avsSlashed);
  if (avsRoom === 0n) return { kind: 'AvsCapUsed' };
  const vaultRoom = perEpochCapFloor(stake, input.registryCapBps, input.vaultSlashed);
  if (vaultRoom === 0n) return { kind: 'VaultCapUsed' };
  if (input.remaining === 0n) return { kind: 'NoStake' };
  const loss = minBig(minBig(minBig(requested, avsRoom), vaultRoom), input.remaining);
  return {
    kind: 'Take',
    requested: toU64(requested),
    loss: toU64(loss),
    avsRoom: toU64(avsRoom),
    vaultRoom: toU64(vaultRoom),
  };
}

/**
 * `restaking_math::slash_fraction_ceil`: min(1e18, ceil(rest * 1e18 / base)); 0 when there
 * is nothing to cover or nothing to take it from.
 */
export function slashFractionCeil(restWad: bigint, baseValueWad: bigint): bigint {
  if (restWad === 0n || baseValueWad === 0n) return 0n;
  // Rust's overflow of the ceil (a quotient above u128) also gives 1e18: it is far above one.
  const product = restWad * WAD;
  const q = product / baseValueWad + (product % baseValueWad === 0n ? 0n : 1n);
  return minBig(q, WAD);
}

/** `restaking_math::pro_rata_take_ceil`: ceil(amount * fraction / 1e18). */
export function proRataTakeCeil(amount: bigint, fractionWad: bigint): bigint {
  checkFraction(fractionWad);
  return toU64(mulDivCeil(amount, fractionWad, WAD));
}

/** `restaking_math::vested_floor`: the part of `total` vested linearly by `nowSlot`. */
export function vestedFloor(
  total: bigint,
  startSlot: bigint,
  durationSlots: bigint,
  nowSlot: bigint,
): bigint {
  const elapsed = saturatingSub(nowSlot, startSlot);
  if (durationSlots === 0n) return nowSlot >= startSlot ? total : 0n;
  if (elapsed >= durationSlots) return total;
  return toU64((total * elapsed) / durationSlots);
}

/** `restaking_math::VestingCohorts` (the account form is the vault's `RewardVesting`). */
export type VestingCohorts = {
  pending: bigint;
  pendingEpoch: bigint;
  vesting: bigint;
  vestingEpoch: bigint;
  vested: bigint;
};

/** `VestingCohorts::unvested`: paid and not yet in the pool. */
export function unvested(c: VestingCohorts): bigint {
  const paid = toU64(c.pending + c.vesting);
  if (paid < c.vested) throw new MathError('Overflow');
  return paid - c.vested;
}

/**
 * `VestingCohorts::accrue`: the cohorts moved forward to `nowSlot` and what became vested
 * (to be credited to the active pool).
 */
export function accrueCohorts(
  cohorts: VestingCohorts,
  nowSlot: bigint,
  epochLength: bigint,
): { cohorts: VestingCohorts; credited: bigint } {
  if (epochLength === 0n) throw new MathError('DivisionByZero');
  const c = { ...cohorts };
  const cur = nowSlot / epochLength;
  let credited = 0n;
  const credit = (amount: bigint) => {
    credited = toU64(credited + amount);
  };
  const sub = (a: bigint, b: bigint) => {
    if (a < b) throw new MathError('Overflow');
    return a - b;
  };
  // 1. a cohort whose vesting epoch is over releases the rest
  if (c.vesting > 0n && c.vestingEpoch < cur) {
    credit(sub(c.vesting, c.vested));
    c.vesting = 0n;
    c.vested = 0n;
  }
  // 2. arrivals of an earlier epoch start vesting (or are done, if their epoch passed)
  if (c.pending > 0n && c.pendingEpoch < cur) {
    const vestsIn = saturatingAddU64(c.pendingEpoch, 1n);
    if (vestsIn < cur) {
      credit(c.pending);
    } else {
      c.vesting = c.pending;
      c.vestingEpoch = vestsIn;
      c.vested = 0n;
    }
    c.pending = 0n;
  }
  // 3. the current epoch's cohort releases linearly over the epoch
  if (c.vesting > 0n && c.vestingEpoch === cur) {
    const start = toU64(cur * epochLength);
    const due = vestedFloor(c.vesting, start, epochLength, nowSlot);
    credit(sub(due, c.vested));
    c.vested = due;
  }
  return { cohorts: c, credited };
}

// An operator's allocation and stake in a vault (DESIGN.md section 5): the allocation is a
// WAD fraction of the vault's slashable value with a history (an increase counts from the
// next epoch, a decrease stops counting after the next one), and the stake is the
// allocation at an epoch times the vault's slashable value now, rounded down
// (`Vault::allocated_stake`).
import type {
  AllocationHistory,
  Delegation,
  Vault,
  WithdrawalBucket,
} from '../generated/lrt_vault/index.ts';
import { saturatingAddU64 } from './math.ts';
import { accrueVesting, allocatedStake, slashableValueWad } from './sharePrice.ts';
import { currentEpoch, type Now } from './time.ts';

/** `AllocationHistory::roll`: the history moved forward to epoch `now` (a copy). */
export function rollAllocation(history: AllocationHistory, now: bigint): AllocationHistory {
  const h = { ...history };
  const gap = now > h.epoch ? now - h.epoch : 0n;
  if (gap === 1n) {
    h.previous = h.current;
    h.current = h.next;
    h.next = h.later;
  } else if (gap === 2n) {
    h.previous = h.next;
    h.current = h.later;
    h.next = h.later;
  } else if (gap > 2n) {
    h.previous = h.later;
    h.current = h.later;
    h.next = h.later;
  }
  h.epoch = h.epoch > now ? h.epoch : now;
  return h;
}

/**
 * `AllocationHistory::at`: the allocation (WAD) that counted during `capture`, read during
 * epoch `now`; only the current and the previous epoch are answerable, anything else is
 * `null` (the program's `OutsideSlashWindow`).
 */
export function allocationAt(
  history: AllocationHistory,
  capture: bigint,
  now: bigint,
): bigint | null {
  const rolled = rollAllocation(history, now);
  if (capture === rolled.epoch) return rolled.current;
  if (capture + 1n === rolled.epoch) return rolled.previous;
  return null;
}

/**
 * `Delegation::pending_decrease_stops_from`: while a decrease still counts during `cur` or
 * later, the first epoch it no longer does; else `null`.
 */
export function pendingDecreaseStopsFrom(delegation: Delegation, cur: bigint): bigint | null {
  const rolled = rollAllocation(delegation.allocation, cur);
  const pending = rolled.current > rolled.later || rolled.next > rolled.later;
  return pending ? saturatingAddU64(delegation.decreaseEpoch, 2n) : null;
}

/** An operator's allocation and stake in one vault. */
export type OperatorStake = {
  /** The current restaking epoch. */
  epoch: bigint;
  /** The epoch whose allocation counts (the current one unless a capture epoch was given). */
  captureEpoch: bigint;
  /** The allocation (WAD) during the capture epoch; `null` outside the window (see `allocationAt`). */
  allocationWad: bigint | null;
  /** The history rolled to the current epoch: previous, current, next and later allocations. */
  allocation: AllocationHistory;
  /** The first epoch a pending decrease stops counting, or `null`. */
  decreaseStopsFromEpoch: bigint | null;
  /** `Vault::slashable_value_wad` after vesting: active pool plus the buckets given. */
  slashableValueWad: bigint;
  /** `Vault::allocated_stake`: floor(allocation x slashable value), lamports; `null` with no allocation. */
  stakeLamports: bigint | null;
};

/**
 * The stake of `delegation`'s operator in `vault` at `now`, for a slash captured at
 * `captureEpoch` (the current epoch by default), as `execute_slash` and `lrt` compute it:
 * vesting credited to the slot, the allocation at the capture epoch
 * (`AllocationHistory::at`), times the slashable value with the buckets of epochs c+1 and
 * c+2 (`buckets`: those that exist, `null` for a missing one; for a capture now, bucket c+2
 * cannot exist yet), rounded down (`Vault::allocated_stake`).
 */
export function operatorStake(
  vault: Vault,
  delegation: Delegation,
  buckets: ReadonlyArray<WithdrawalBucket | null>,
  now: Now,
  captureEpoch?: bigint,
): OperatorStake {
  const epoch = currentEpoch(now);
  const capture = captureEpoch ?? epoch;
  for (const bucket of buckets) {
    if (bucket !== null && bucket.epoch !== capture + 1n && bucket.epoch !== capture + 2n) {
      throw new Error(
        `bucket of epoch ${bucket.epoch} is not slashable by a capture at ${capture}`,
      );
    }
  }
  const accrued = accrueVesting(vault, now);
  const allocationWad = allocationAt(delegation.allocation, capture, epoch);
  return {
    epoch,
    captureEpoch: capture,
    allocationWad,
    allocation: rollAllocation(delegation.allocation, epoch),
    decreaseStopsFromEpoch: pendingDecreaseStopsFrom(delegation, epoch),
    slashableValueWad: slashableValueWad(accrued, buckets),
    stakeLamports: allocationWad === null ? null : allocatedStake(accrued, allocationWad, buckets),
  };
}

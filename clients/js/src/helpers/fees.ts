// The vault's fees with their announced changes (DESIGN.md invariant 10): a decrease
// applies at once, an increase made during epoch e from e + 2. Read only through
// `FeeSchedule::at`, as the program and the CLI read them.
import type { FeeSchedule, Fees } from '../generated/lrt_vault/index.ts';
import { U64_MAX, inForce } from './math.ts';

/** `FeeSchedule::at`: the fees in force during restaking epoch `epoch`. */
export function feesAt(schedule: FeeSchedule, epoch: bigint): Fees {
  return inForce(schedule.current, schedule.next, schedule.effectiveEpoch, epoch);
}

/** One fee in force and its announced change, if one is pending. */
export type FeeInForce = {
  /** The fee in force during the epoch asked about, in bps. */
  bps: number;
  /** The fee announced last and the first epoch it applies in, while it differs. */
  next: { bps: number; fromEpoch: bigint } | null;
};

/** Which of the vault's fees. */
export type FeeKind = 'deposit' | 'withdrawal' | 'reward';

function pick(fees: Fees, kind: FeeKind): number {
  switch (kind) {
    case 'deposit':
      return fees.depositBps;
    case 'withdrawal':
      return fees.withdrawalBps;
    case 'reward':
      return fees.rewardBps;
  }
}

/**
 * A fee in force during `epoch` and its pending change, as `lrt` shows it
 * (cli/src/views/announced.rs `announced`): in force is `at(epoch)`, the value announced
 * last is `at(u64::MAX)`, and a change is pending exactly when the two differ.
 */
export function feeInForce(schedule: FeeSchedule, epoch: bigint, kind: FeeKind): FeeInForce {
  const bps = pick(feesAt(schedule, epoch), kind);
  const last = pick(feesAt(schedule, U64_MAX), kind);
  return { bps, next: last !== bps ? { bps: last, fromEpoch: schedule.effectiveEpoch } : null };
}

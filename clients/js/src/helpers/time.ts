// Restaking epochs, slots and countdowns (DESIGN.md section 4): the restaking epoch is
// slot / Config.epoch_length, distinct from the Solana epoch (which only governs price
// freshness). Times are estimates at a nominal slot time; slots are the truth.
import type { Config } from '../generated/lrt_vault/index.ts';

/** Nominal Solana slot time used for estimates. */
export const MS_PER_SLOT = 400;

/** Where the chain is: the current slot and the vault program Config's epoch length. */
export type Now = {
  slot: bigint;
  /** `Config.epoch_length`: slots per restaking epoch. */
  epochLength: bigint;
};

/** `Now` from the vault program's decoded Config and the current slot. */
export function nowFrom(config: Pick<Config, 'epochLength'>, slot: bigint): Now {
  return { slot, epochLength: config.epochLength };
}

/** `Config::epoch_at`: the restaking epoch of `slot`. */
export function epochAt(slot: bigint, epochLength: bigint): bigint {
  if (epochLength <= 0n) throw new Error('epoch length must be positive (Config.epoch_length)');
  return slot / epochLength;
}

/** The current restaking epoch (`Config::current_epoch`). */
export function currentEpoch(now: Now): bigint {
  return epochAt(now.slot, now.epochLength);
}

/** First slot of restaking epoch `epoch`. */
export function firstSlotOfEpoch(epoch: bigint, epochLength: bigint): bigint {
  return epoch * epochLength;
}

/** Last slot of restaking epoch `epoch`. */
export function lastSlotOfEpoch(epoch: bigint, epochLength: bigint): bigint {
  return (epoch + 1n) * epochLength - 1n;
}

/** A wait until `slot`: the slots left (0 once reached) and an estimate in milliseconds. */
export type Countdown = {
  slot: bigint;
  slotsLeft: bigint;
  /** `slotsLeft` at `msPerSlot` (an estimate: slot times vary). */
  estimatedMs: number;
};

/** The countdown from `now` to `slot`. */
export function countdown(slot: bigint, now: Now, msPerSlot: number = MS_PER_SLOT): Countdown {
  const slotsLeft = slot > now.slot ? slot - now.slot : 0n;
  return { slot, slotsLeft, estimatedMs: Number(slotsLeft) * msPerSlot };
}

// Where a withdrawal ticket stands and what it pays, by the vault's own rules: claimable
// when the current epoch is past its bucket's and no slash that touched the bucket can
// still be cancelled (`WithdrawalBucket::check_claimable`); each asset pays
// floor(ticket_k * scale / 1e18) at the bucket's scale then (claim.rs,
// `scaled_amount_floor`).
import {
  LRT_VAULT_ERROR__TICKET_AWAITS_SLASH_RESOLUTION,
  LRT_VAULT_ERROR__TICKET_NOT_MATURE,
  type LrtVaultError,
  type WithdrawalBucket,
  type WithdrawalTicket,
} from '../generated/lrt_vault/index.ts';
import { WAD, scaledAmountFloor } from './math.ts';
import {
  countdown,
  currentEpoch,
  firstSlotOfEpoch,
  MS_PER_SLOT,
  type Countdown,
  type Now,
} from './time.ts';

/**
 * - `waiting`: the bucket's epoch is not over (`TicketNotMature`);
 * - `held`: matured, but a slash of its bucket can still be cancelled until
 *   `bucket.hold_until_slot` (`TicketAwaitsSlashResolution`);
 * - `claimable`: `claim` goes through now.
 */
export type TicketState = 'waiting' | 'held' | 'claimable';

export type TicketStatus = {
  state: TicketState;
  /** The program's refusal of a claim now, or `null` when claimable. */
  refusal: LrtVaultError | null;
  bucketEpoch: bigint;
  /** The first restaking epoch the ticket can be claimed in: bucket epoch + 1. */
  claimableFromEpoch: bigint;
  /**
   * The first slot a claim can go through, as things stand: the first slot of
   * `claimableFromEpoch`, or the bucket's hold if later. A slash executed before then can
   * still push the hold later.
   */
  claimableFromSlot: bigint;
  /** The bucket's `hold_until_slot` while it is in the future, else `null`. */
  heldUntilSlot: bigint | null;
  /** Slots (and an estimate in ms) until `claimableFromSlot`; zero when claimable. */
  countdown: Countdown;
  /** The bucket's scale: 1e18, or less after a slash reached the bucket. */
  scaleWad: bigint;
  /** Whether a slash lowered the bucket (its scale is below 1e18). */
  slashed: boolean;
  /** The ticket's unscaled amounts (8 asset slots). */
  unscaledAmounts: bigint[];
  /** What a claim pays per asset slot at the bucket's scale now. */
  amounts: bigint[];
};

/**
 * The status of `ticket` (of `bucket`, its bucket: it exists while the ticket is open) at
 * `now` (programs/lrt_vault/src/state/bucket.rs `WithdrawalBucket::check_claimable`;
 * amounts as instructions/depositor/claim.rs pays them).
 */
export function ticketStatus(
  ticket: WithdrawalTicket,
  bucket: WithdrawalBucket,
  now: Now,
  msPerSlot: number = MS_PER_SLOT,
): TicketStatus {
  if (bucket.epoch !== ticket.bucketEpoch || bucket.vault !== ticket.vault) {
    throw new Error(`the bucket given is not the ticket's (bucket of epoch ${ticket.bucketEpoch})`);
  }
  const cur = currentEpoch(now);
  const claimableFromEpoch = ticket.bucketEpoch + 1n;
  const matureSlot = firstSlotOfEpoch(claimableFromEpoch, now.epochLength);
  const claimableFromSlot = bucket.holdUntilSlot > matureSlot ? bucket.holdUntilSlot : matureSlot;
  // check_claimable: first the epoch, then the hold
  let state: TicketState;
  let refusal: LrtVaultError | null;
  if (!(cur > bucket.epoch)) {
    state = 'waiting';
    refusal = LRT_VAULT_ERROR__TICKET_NOT_MATURE;
  } else if (!(now.slot >= bucket.holdUntilSlot)) {
    state = 'held';
    refusal = LRT_VAULT_ERROR__TICKET_AWAITS_SLASH_RESOLUTION;
  } else {
    state = 'claimable';
    refusal = null;
  }
  const unscaledAmounts = [...ticket.unscaledAmounts];
  return {
    state,
    refusal,
    bucketEpoch: ticket.bucketEpoch,
    claimableFromEpoch,
    claimableFromSlot,
    heldUntilSlot: bucket.holdUntilSlot > now.slot ? bucket.holdUntilSlot : null,
    countdown: countdown(claimableFromSlot, now, msPerSlot),
    scaleWad: bucket.scaleWad,
    slashed: bucket.scaleWad < WAD,
    unscaledAmounts,
    amounts: unscaledAmounts.map((u) => scaledAmountFloor(u, bucket.scaleWad)),
  };
}

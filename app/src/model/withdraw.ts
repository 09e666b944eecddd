// The withdraw screen: LRT in, the in-kind basket out (the helpers' `previewWithdrawal`,
// the program's arithmetic: no price is read on the way out), the cooldown in epochs and
// an estimated time, and the depositor's tickets with where each stands
// (`ticketStatus`: waiting, held by a slash that can still be cancelled, claimable).
import {
  MS_PER_SLOT,
  WAD,
  countdown,
  currentEpoch,
  firstSlotOfEpoch,
  previewWithdrawal,
  ticketStatus,
  type Addressed,
  type FeeInForce,
  type Now,
  type TicketState,
  type WithdrawalPreview,
  type vault,
} from '@lrt/client';

import { vaultRefusal } from './errors.ts';
import { formatDuration, formatUnits, formatWadPercent, parseUnits } from './format.ts';
import type { AssetInfo } from './world.ts';

export type WithdrawContext = {
  vault: vault.Vault;
  now: Now;
  protocolPaused: boolean;
  assets: AssetInfo[];
  /** The LRT the wallet holds; `null` when no wallet is connected. */
  lrtBalance: bigint | null;
  /** The vault's bucket of the next epoch, if a request already created it. */
  nextBucket: vault.WithdrawalBucket | null;
  msPerSlot?: number;
  /** The LRT's symbol, for the words. */
  lrtSymbol?: string;
};

export type BasketLine = { asset: AssetInfo; amount: bigint; text: string };

/** When a request made now can be claimed, and what waiting means. */
export type Cooldown = {
  epoch: bigint;
  bucketEpoch: bigint;
  claimableFromEpoch: bigint;
  claimableFromSlot: bigint;
  slotsLeft: bigint;
  estimatedMs: number;
  /** The cooldown in words. */
  text: string;
  /** While the ticket waits, the slashes it still bears, in words. */
  exposureText: string;
};

export type WithdrawView = {
  shares: bigint | null;
  amountError: string | null;
  fee: FeeInForce;
  preview: WithdrawalPreview | null;
  feeLrt: bigint | null;
  /** The basket paid at claim (as of now; a slash of the bucket lowers it). */
  basket: BasketLine[];
  valueWad: bigint | null;
  cooldown: Cooldown;
  /** What Max fills in: the LRT held. */
  maxShares: bigint | null;
  disabledReason: string | null;
};

/** The cooldown of a request made at `now`: bucket epoch + 1 is the first claimable epoch. */
export function cooldownOf(now: Now, msPerSlot: number = MS_PER_SLOT, lrtSymbol = 'LRT'): Cooldown {
  const epoch = currentEpoch(now);
  const bucketEpoch = epoch + 1n;
  const claimableFromEpoch = bucketEpoch + 1n;
  const claimableFromSlot = firstSlotOfEpoch(claimableFromEpoch, now.epochLength);
  const wait = countdown(claimableFromSlot, now, msPerSlot);
  return {
    epoch,
    bucketEpoch,
    claimableFromEpoch,
    claimableFromSlot,
    slotsLeft: wait.slotsLeft,
    estimatedMs: wait.estimatedMs,
    text:
      `Your ${lrtSymbol} is burnt now and your ticket joins the withdrawal bucket of epoch ${bucketEpoch} ` +
      `(this is epoch ${epoch}). It can be claimed from epoch ${claimableFromEpoch}, which starts ` +
      `at slot ${claimableFromSlot}: in ${wait.slotsLeft} slots, ${formatDuration(wait.estimatedMs)} ` +
      `at ${msPerSlot} ms a slot (an estimate: slot times vary).`,
    exposureText:
      `While it waits, the ticket still bears slashes for misbehaviour in epochs ` +
      `${epoch === 0n ? '0' : `${epoch - 1n} and ${epoch}`} (the stake your ${lrtSymbol} backed), like every ` +
      `holder: a slash executed before you claim lowers what the ticket pays.`,
  };
}

/** The withdraw form's view: the basket, the fee, the cooldown and why it cannot be signed. */
export function withdrawView(amountText: string, ctx: WithdrawContext): WithdrawView {
  const parsed = amountText.trim() === '' ? null : parseUnits(amountText, 9);
  const shares = parsed?.ok ? parsed.value : null;
  const amountError = parsed && !parsed.ok ? parsed.error : null;
  const preview = previewWithdrawal(ctx.vault, ctx.now, shares ?? 0n, {
    protocolPaused: ctx.protocolPaused,
    ownerShares: ctx.lrtBalance ?? undefined,
    bucket: ctx.nextBucket,
  });
  const basket: BasketLine[] = [];
  if (shares !== null && shares > 0n && preview.amounts) {
    for (const asset of ctx.assets) {
      const amount = preview.amounts[asset.index] ?? 0n;
      basket.push({ asset, amount, text: formatUnits(amount, asset.decimals) });
    }
  }
  const view: WithdrawView = {
    shares,
    amountError,
    fee: preview.fee,
    preview: shares !== null && shares > 0n ? preview : null,
    feeLrt: shares !== null && shares > 0n ? preview.feeShares : null,
    basket,
    valueWad: shares !== null && shares > 0n ? preview.valueWad : null,
    cooldown: cooldownOf(ctx.now, ctx.msPerSlot, ctx.lrtSymbol),
    maxShares: ctx.lrtBalance,
    disabledReason: null,
  };
  view.disabledReason = withdrawDisabledReason(view, ctx, preview);
  return view;
}

function withdrawDisabledReason(
  view: WithdrawView,
  ctx: WithdrawContext,
  preview: WithdrawalPreview,
): string | null {
  if (ctx.protocolPaused) {
    return 'The protocol is paused: withdrawal requests wait until the admin unpauses it (claims still work).';
  }
  if (ctx.vault.withdrawalsPaused) {
    return 'Withdrawal requests from this vault are paused by its curator (claims still work).';
  }
  if (ctx.lrtBalance === null) return 'Connect a wallet to withdraw.';
  if (view.amountError !== null) return `Amount: ${view.amountError}.`;
  if (view.shares === null || view.shares === 0n)
    return `Enter the ${ctx.lrtSymbol ?? 'LRT'} to withdraw.`;
  if (view.shares > ctx.lrtBalance) {
    return `Insufficient balance: you hold ${formatUnits(ctx.lrtBalance, 9)} ${ctx.lrtSymbol ?? 'LRT'}.`;
  }
  if (preview.refusal !== null) return vaultRefusal(preview.refusal).message;
  return null;
}

/** One of the depositor's tickets, as the withdraw screen lists it. */
export type TicketRow = {
  address: string;
  id: bigint;
  bucketEpoch: bigint;
  state: TicketState;
  /** A slash lowered the ticket's bucket (its scale is below 1). */
  slashed: boolean;
  /** What the slash took from the bucket, as a fraction of it (WAD). */
  slashedFractionWad: bigint;
  claimableFromEpoch: bigint;
  claimableFromSlot: bigint;
  heldUntilSlot: bigint | null;
  slotsLeft: bigint;
  estimatedMs: number;
  /** Where it stands, in words. */
  statusText: string;
  payout: BasketLine[];
  lrtBurned: bigint;
};

/**
 * The depositor's tickets in id order, each with its status at `now` (the bucket's
 * `check_claimable`) and what it pays at its bucket's scale now.
 */
export function ticketRows(
  tickets: ReadonlyArray<Addressed<vault.WithdrawalTicket>>,
  buckets: ReadonlyArray<Addressed<vault.WithdrawalBucket>>,
  assets: AssetInfo[],
  now: Now,
  msPerSlot: number = MS_PER_SLOT,
): TicketRow[] {
  const rows: TicketRow[] = [];
  for (const { address, data: ticket } of tickets) {
    const bucket = buckets.find(
      (b) => b.data.epoch === ticket.bucketEpoch && b.data.vault === ticket.vault,
    );
    if (bucket === undefined) continue; // a ticket's bucket exists while the ticket is open
    const status = ticketStatus(ticket, bucket.data, now, msPerSlot);
    const wait = `${status.countdown.slotsLeft} slots, ${formatDuration(status.countdown.estimatedMs)}`;
    let statusText: string;
    switch (status.state) {
      case 'waiting':
        statusText = `Claimable from epoch ${status.claimableFromEpoch} (slot ${status.claimableFromSlot}): in ${wait}.`;
        break;
      case 'held':
        statusText = `A slash touched its bucket and can still be cancelled: claimable from slot ${status.claimableFromSlot}, in ${wait}.`;
        break;
      case 'claimable':
        statusText = 'Claimable now.';
        break;
    }
    const slashedFractionWad = WAD - status.scaleWad;
    if (status.slashed) {
      statusText += ` A slash took ${formatWadPercent(slashedFractionWad, 4)} of its bucket.`;
    }
    rows.push({
      address,
      id: ticket.id,
      bucketEpoch: ticket.bucketEpoch,
      state: status.state,
      slashed: status.slashed,
      slashedFractionWad,
      claimableFromEpoch: status.claimableFromEpoch,
      claimableFromSlot: status.claimableFromSlot,
      heldUntilSlot: status.heldUntilSlot,
      slotsLeft: status.countdown.slotsLeft,
      estimatedMs: status.countdown.estimatedMs,
      statusText,
      payout: assets
        .filter((a) => (ticket.unscaledAmounts[a.index] ?? 0n) > 0n)
        .map((asset) => {
          const amount = status.amounts[asset.index] ?? 0n;
          return { asset, amount, text: formatUnits(amount, asset.decimals) };
        }),
      lrtBurned: ticket.sharesBurned,
    });
  }
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The id of a new ticket: one above the owner's highest in the vault, as `lrt` picks it. */
export function nextTicketId(tickets: ReadonlyArray<Addressed<vault.WithdrawalTicket>>): bigint {
  return tickets.reduce((max, t) => (t.data.id + 1n > max ? t.data.id + 1n : max), 0n);
}

// The deposit form: what the depositor typed, read against the vault, into what the
// screen shows (the LRT out, the fee, the rate, the minimum-out guard, the fee guard) and
// the one reason, in words, the deposit cannot be signed yet. The numbers are the
// helpers' `previewDeposit` (the program's own arithmetic) on the vault as the
// transaction will find it: prices as `refresh_prices` leaves them in the same transaction.
import {
  BPS_DENOMINATOR,
  U64_MAX,
  WAD,
  depositExposure,
  previewDeposit,
  saturatingSub,
  vault as vaultClient,
  type DepositPreview,
  type FeeInForce,
  type Now,
  type PendingSlash,
  type RefreshedVault,
} from '@lrt/client';

import { sentence, vaultRefusal } from './errors.ts';
import { formatBps, formatUnits, parseUnits } from './format.ts';
import type { AssetInfo } from './world.ts';

/** Default tolerance of the minimum-out guard below the previewed LRT (as `lrt deposit`). */
export const DEFAULT_SLIPPAGE_BPS = 50;
/** SOL kept back when wrapping SOL for a wSOL deposit: fees and accounts the deposit creates. */
export const WRAP_HEADROOM_LAMPORTS = 10_000_000n;

/** What the depositor holds that a deposit of the asset can spend. */
export type DepositBalance = {
  /** The asset's token balance (its associated token account; 0 if none). */
  token: bigint;
  /** For wSOL: native SOL that can be wrapped in the same transaction, else 0. */
  wrappable: bigint;
};

export type DepositForm = {
  assetIndex: number;
  amountText: string;
  /** The minimum LRT accepted, as typed; `null` follows the preview less the slippage. */
  minOutText: string | null;
  /** The highest deposit fee accepted, as typed in percent; `null` is the fee in force. */
  maxFeeText: string | null;
};

export type DepositContext = {
  /** The vault as the deposit will find it (see `vaultForDeposit`). */
  vault: vaultClient.Vault;
  /** What `refresh_prices` will do; a failed refresh makes the deposit fail. */
  refresh: RefreshedVault;
  now: Now;
  protocolPaused: boolean;
  assets: AssetInfo[];
  /** `null` when no wallet is connected. */
  balance: DepositBalance | null;
  /** Slash requests that can still take part of a deposit made now. */
  pending: PendingSlash[];
  slippageBps?: number;
};

export type DepositView = {
  asset: AssetInfo | null;
  /** The amount typed, in base units, or why it does not read. */
  amount: bigint | null;
  amountError: string | null;
  /** The fee in force (bps) and its announced change. */
  fee: FeeInForce;
  preview: DepositPreview | null;
  /** LRT the depositor receives (after the fee), base units. */
  lrtOut: bigint | null;
  /** LRT kept as the fee (in the vault's treasury ledger), base units. */
  feeLrt: bigint | null;
  /** The deposit's value at the price it pays, WAD-lamports. */
  valueWad: bigint | null;
  /** "1 dsSOL = 1.2 drSOL" style rates, from the deposit's own price. */
  rateText: string | null;
  /** The minimum-out guard that will be signed, base units, and whether it follows the preview. */
  minOut: bigint | null;
  minOutAuto: boolean;
  minOutError: string | null;
  /** The fee guard that will be signed (`max_fee_bps`). */
  maxFeeBps: number | null;
  maxFeeError: string | null;
  /** Room left under the asset's deposit cap, base units. */
  capRoom: bigint;
  /** The asset has no deposit cap (u64::MAX). */
  uncapped: boolean;
  /** What Max fills in: the spendable balance, within the cap. */
  maxAmount: bigint | null;
  /** For wSOL: native SOL to wrap first (the part of the amount the wSOL account lacks). */
  wrapLamports: bigint;
  /** The most each pending slash can take of this deposit, lamports. */
  exposure: bigint[];
  /** Why the deposit cannot be signed now, in words; `null` when it can. */
  disabledReason: string | null;
  /** The prices the preview uses are refreshed by this transaction. */
  pricesRefreshed: boolean;
};

/** Parses a percentage ("0.1", "0.1%") into bps, or why not. */
export function parsePercentBps(
  text: string,
): { ok: true; bps: number } | { ok: false; error: string } {
  const parsed = parseUnits(text.replace('%', ''), 2);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (parsed.value > BPS_DENOMINATOR) return { ok: false, error: 'at most 100%' };
  return { ok: true, bps: Number(parsed.value) };
}

/** Room left under a cap: cap - active, never negative. */
export function capRoom(asset: vaultClient.AssetSlot): bigint {
  return saturatingSub(asset.depositCap, asset.activeAmount);
}

/** `amount` less `bps`, rounded down: the default minimum-out. */
export function lessSlippage(amount: bigint, bps: number): bigint {
  return amount - (amount * BigInt(bps)) / BPS_DENOMINATOR;
}

/**
 * "1 dsSOL = 1.167 drSOL": the LRT one whole unit of the asset buys at the deposit's price
 * (before the fee), exactly, from the preview's value and share price.
 */
export function rateText(
  asset: AssetInfo,
  priceWad: bigint,
  sharePriceWad: bigint | null,
  lrtSymbol: string,
): string {
  const unit = 10n ** BigInt(asset.decimals);
  const valueWad = unit * priceWad; // WAD-lamports of one whole token
  if (sharePriceWad === null || sharePriceWad === 0n) {
    return `1 ${asset.symbol} = ${formatUnits(valueWad / WAD, 9)} ${lrtSymbol}`;
  }
  // shares = value / share price (both WAD): lrt base units per token
  const shares = valueWad / sharePriceWad;
  return `1 ${asset.symbol} = ${formatUnits(shares, 9)} ${lrtSymbol}`;
}

/** The deposit form's view: the preview, the guards and the reason it cannot be signed. */
export function depositView(
  form: DepositForm,
  ctx: DepositContext,
  lrtSymbol: string,
): DepositView {
  const asset = ctx.assets.find((a) => a.index === form.assetIndex) ?? null;
  const slot = asset ? ctx.vault.assets[asset.index] : undefined;
  const room = slot ? capRoom(slot) : 0n;
  const decimals = asset?.decimals ?? 9;
  const parsed = form.amountText.trim() === '' ? null : parseUnits(form.amountText, decimals);
  const amount = parsed?.ok ? parsed.value : null;
  const amountError = parsed && !parsed.ok ? parsed.error : null;

  // the fee guard: the fee in force unless the depositor typed another maximum
  let maxFeeBps: number | null = null;
  let maxFeeError: string | null = null;
  const baseline = previewDeposit(ctx.vault, ctx.now, form.assetIndex, 0n);
  if (form.maxFeeText === null || form.maxFeeText.trim() === '') maxFeeBps = baseline.fee.bps;
  else {
    const p = parsePercentBps(form.maxFeeText);
    if (p.ok) maxFeeBps = p.bps;
    else maxFeeError = p.error;
  }

  const preview =
    amount !== null && amount > 0n
      ? previewDeposit(ctx.vault, ctx.now, form.assetIndex, amount, {
          protocolPaused: ctx.protocolPaused,
          maxFeeBps: maxFeeBps ?? undefined,
        })
      : null;
  const quote = preview?.quote ?? null;

  // the minimum-out guard: the preview less the slippage, unless typed
  const slippage = ctx.slippageBps ?? DEFAULT_SLIPPAGE_BPS;
  let minOut: bigint | null = null;
  let minOutError: string | null = null;
  const minOutAuto = form.minOutText === null;
  if (minOutAuto) minOut = quote ? lessSlippage(quote.netShares, slippage) : null;
  else {
    const p = parseUnits(form.minOutText ?? '', 9);
    if (p.ok) minOut = p.value;
    else minOutError = `minimum LRT: ${p.error}`;
  }

  const balance = ctx.balance;
  const spendable = balance ? balance.token + balance.wrappable : null;
  const maxAmount = spendable === null ? null : spendable < room ? spendable : room;
  const wrapLamports =
    balance && amount !== null && balance.wrappable > 0n && amount > balance.token
      ? amount - balance.token
      : 0n;

  const exposure = quote ? depositExposure(ctx.pending, quote.valueWad) : ctx.pending.map(() => 0n);

  const view: DepositView = {
    asset,
    amount,
    amountError,
    fee: preview?.fee ?? baseline.fee,
    preview,
    lrtOut: quote?.netShares ?? null,
    feeLrt: quote?.feeShares ?? null,
    valueWad: quote?.valueWad ?? null,
    rateText:
      asset && slot
        ? rateText(asset, quote?.priceWad ?? slot.priceWad, quote?.sharePriceWad ?? null, lrtSymbol)
        : null,
    minOut,
    minOutAuto,
    minOutError,
    maxFeeBps,
    maxFeeError,
    capRoom: room,
    uncapped: slot?.depositCap === U64_MAX,
    maxAmount,
    wrapLamports,
    exposure,
    disabledReason: null,
    pricesRefreshed: ctx.refresh.ok && ctx.refresh.refreshed,
  };
  view.disabledReason = depositDisabledReason(view, ctx, lrtSymbol);
  return view;
}

/**
 * The first reason the deposit cannot be signed, in the order a depositor can act on:
 * what no input fixes (pauses, a slash window), then the wallet, then the amount, the
 * balance, the cap and the guards; `null` when it can be signed.
 */
function depositDisabledReason(
  view: DepositView,
  ctx: DepositContext,
  lrtSymbol: string,
): string | null {
  const v = ctx.vault;
  if (ctx.protocolPaused)
    return 'The protocol is paused: deposits are refused until the admin unpauses it.';
  if (v.depositsPaused) return 'Deposits into this vault are paused by its curator.';
  if (ctx.now.slot < v.slashWindow.untilSlot) {
    return `A slash of this vault can still be cancelled: deposits reopen at slot ${v.slashWindow.untilSlot}.`;
  }
  if (v.wipedOut) return 'A slash wiped this vault out: it takes no more deposits.';
  if (!ctx.refresh.ok) {
    const words = vaultRefusal(ctx.refresh.code);
    return `Prices cannot be refreshed for ${ctx.assets[ctx.refresh.assetIndex]?.symbol ?? 'an asset'}: ${words.message}`;
  }
  if (view.asset === null) return 'Choose an asset to deposit.';
  if (ctx.balance === null) return 'Connect a wallet to deposit.';
  if (view.amountError !== null) return sentence(`Amount: ${view.amountError}`);
  if (view.amount === null || view.amount === 0n) return 'Enter an amount to deposit.';
  const spendable = ctx.balance.token + ctx.balance.wrappable;
  if (view.amount > spendable) {
    const held = formatUnits(ctx.balance.token, view.asset.decimals);
    const wrap =
      ctx.balance.wrappable > 0n
        ? ` (plus ${formatUnits(ctx.balance.wrappable, 9)} SOL to wrap)`
        : '';
    return `Insufficient balance: you hold ${held} ${view.asset.symbol}${wrap}.`;
  }
  if (view.amount > view.capRoom) {
    return `Over the deposit cap: the vault takes at most ${formatUnits(view.capRoom, view.asset.decimals)} more ${view.asset.symbol}.`;
  }
  if (view.maxFeeError !== null) return sentence(`Maximum fee: ${view.maxFeeError}`);
  if (view.maxFeeBps !== null && view.maxFeeBps < view.fee.bps) {
    return `The deposit fee in force is ${formatBps(view.fee.bps)}, above the ${formatBps(view.maxFeeBps)} you accept.`;
  }
  if (view.minOutError !== null) return sentence(view.minOutError);
  const preview = view.preview;
  if (preview?.refusal != null) {
    if (preview.refusal === vaultClient.LRT_VAULT_ERROR__SLIPPAGE_EXCEEDED) {
      return `The minimum you accept is above the ${formatUnits(view.lrtOut ?? 0n, 9)} ${lrtSymbol} the deposit buys.`;
    }
    return vaultRefusal(preview.refusal).message;
  }
  if (view.lrtOut !== null && view.minOut !== null && view.lrtOut < view.minOut) {
    return `The minimum you accept is above the ${formatUnits(view.lrtOut, 9)} ${lrtSymbol} the deposit buys.`;
  }
  return null;
}

/** For the warning step: the total the pending slashes can take of the vault and of the deposit. */
export function exposureTotals(
  pending: PendingSlash[],
  exposure: bigint[],
): { vault: bigint; deposit: bigint } {
  return {
    vault: pending.reduce((s, p) => s + p.maxLossLamports, 0n),
    deposit: exposure.reduce((s, x) => s + x, 0n),
  };
}

/** Whether a wallet's native SOL can be wrapped for this asset, and how much. */
export function wrappableLamports(asset: AssetInfo, solLamports: bigint, wsolMint: string): bigint {
  if (asset.mint !== wsolMint) return 0n;
  return saturatingSub(solLamports, WRAP_HEADROOM_LAMPORTS);
}

// Numbers as people read them, from exact integers: token amounts are bigints of base
// units and are shown with every decimal they have (never through a JS float), values are
// WAD-lamports (lamports x 1e18), fractions are bps or WADs (1e18 = 100%).
import { BPS_DENOMINATOR, WAD } from '@lrt/client';

/** Lamports per SOL and base units per LRT (both 9 decimals). */
export const SOL_DECIMALS = 9;

/**
 * `amount` base units of a token with `decimals` decimals, exactly: every significant
 * decimal is kept, trailing zeros are dropped ("12.5", "0.000000001", "3"). No grouping
 * separators, so the text reads back exactly with `parseUnits`.
 */
export function formatUnits(amount: bigint, decimals: number): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  let fraction = decimals > 0 ? (abs % scale).toString().padStart(decimals, '0') : '';
  fraction = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * `amount` rounded down to `places` decimals, for summaries where every decimal is noise
 * ("about 305.12 SOL"); exact amounts use `formatUnits`.
 */
export function formatUnitsShort(amount: bigint, decimals: number, places = 4): string {
  if (places >= decimals) return formatUnits(amount, decimals);
  const cut = 10n ** BigInt(decimals - places);
  const rounded = (amount / cut) * cut;
  const text = formatUnits(rounded, decimals);
  if (rounded === 0n && amount > 0n) return `< ${formatUnits(cut, decimals)}`;
  return text;
}

export type ParsedAmount = { ok: true; value: bigint } | { ok: false; error: string };

/** A typed amount in token units ("1.5", "  2 ", ".25") as base units, or why not. */
export function parseUnits(text: string, decimals: number): ParsedAmount {
  const t = text.trim().replace(/,/g, '.');
  if (t === '') return { ok: false, error: 'enter an amount' };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    return { ok: false, error: 'not a number: use digits and one decimal point' };
  }
  const whole = match[1] || '0';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) {
    return { ok: false, error: `at most ${decimals} decimals` };
  }
  const value =
    BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  return { ok: true, value };
}

/** WAD-lamports as SOL, rounded down to the lamport ("305.123456789"). */
export function formatValueSol(valueWad: bigint): string {
  return formatUnits(valueWad / WAD, SOL_DECIMALS);
}

/** WAD-lamports as SOL, rounded down to `places` decimals. */
export function formatValueSolShort(valueWad: bigint, places = 4): string {
  return formatUnitsShort(valueWad / WAD, SOL_DECIMALS, places);
}

/** Lamports as SOL, exactly. */
export function formatSol(lamports: bigint): string {
  return formatUnits(lamports, SOL_DECIMALS);
}

/** Basis points as a percentage ("0.1%", "12.5%", "0%"). */
export function formatBps(bps: number | bigint): string {
  return `${formatUnits(BigInt(bps), 2)}%`;
}

/** A WAD fraction (1e18 = 100%) as a percentage, rounded down to `places` decimals. */
export function formatWadPercent(fractionWad: bigint, places = 2): string {
  // percent = fraction * 100 / 1e18; keep `places` decimals: fraction * 100 * 10^places / 1e18
  const scaled = (fractionWad * 100n * 10n ** BigInt(places)) / WAD;
  return `${formatUnits(scaled, places)}%`;
}

/** `part / whole` as a WAD fraction (0 when `whole` is 0), rounded down. */
export function ratioWad(part: bigint, whole: bigint): bigint {
  return whole === 0n ? 0n : (part * WAD) / whole;
}

/** `bps` of `amount`, rounded down. */
export function bpsOf(amount: bigint, bps: number | bigint): bigint {
  return (amount * BigInt(bps)) / BPS_DENOMINATOR;
}

/**
 * A price in lamports per raw token unit (x 1e18) as SOL per whole token, rounded down to
 * `places` decimals: a token of 9 decimals at 1.2057e18 is "1.2057" SOL.
 */
export function formatTokenPrice(priceWad: bigint, decimals: number, places = 9): string {
  // SOL per token = priceWad * 10^decimals / 1e18 / 1e9; keep `places` decimals
  const scaled = (priceWad * 10n ** BigInt(decimals) * 10n ** BigInt(places)) / (WAD * 10n ** 9n);
  return formatUnits(scaled, places);
}

/** A share price (WAD SOL per LRT, both 9 decimals) as SOL per LRT ("1.004567891"). */
export function formatSharePrice(sharePriceWad: bigint, places = 9): string {
  return formatUnits((sharePriceWad * 10n ** BigInt(places)) / WAD, places);
}

/** An estimated wait in words ("about 1 min 20 s", "about 3 h 5 min", "now"). */
export function formatDuration(ms: number): string {
  if (!(ms > 0)) return 'now';
  const s = Math.round(ms / 1000);
  if (s < 60) return `about ${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `about ${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `about ${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `about ${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** A long base58 address shortened for tables ("4rRB…g7v"); full text goes in a title. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 4)}…${address.slice(-4)}` : address;
}

/** "1 ticket", "2 tickets". */
export function plural(n: number | bigint, word: string, many = `${word}s`): string {
  return `${n} ${BigInt(n) === 1n ? word : many}`;
}

// The share price over time, from the programs' events: every vault event that changes
// the books carries a `VaultSnapshot` (share supply, active amounts, cached prices), so
// each one is a point of the chart, exactly as the vault stood after that instruction.
//
// Two series:
// - the LRT: the snapshot's active value over its share supply (SOL per LRT, WAD);
// - "holding the LSTs": the basket one LRT held at the chart's first point, kept as the
//   LSTs themselves outside the vault, valued at each later point's prices. Both start
//   at the same value; the gap between them is what the vault added (restaking rewards)
//   or took (fees, slashes) beyond the LSTs' own staking yield.
import { WAD, unvested, type vault } from '@lrt/client';

export type SnapshotPoint = {
  slot: bigint;
  /** Seconds since the Unix epoch, as the cluster reports it, or `null`. */
  blockTime: number | null;
  snapshot: vault.VaultSnapshot;
  /** The event that carried it (for the tooltip). */
  event: string;
};

export type ChartPoint = {
  slot: bigint;
  blockTime: number | null;
  event: string;
  /** SOL per LRT, WAD: active value / share supply, rounded down. */
  sharePriceWad: bigint;
  /** SOL the first point's per-LRT basket is worth at this point's prices, WAD. */
  holdingWad: bigint;
};

export type PriceSeries = {
  points: ChartPoint[];
  /** The per-LRT basket held by the comparison series: amounts per asset slot over 1e9 LRT units. */
  basketPerLrt: { unscaled: bigint[]; supply: bigint } | null;
  /** Change from the first to the last point, WAD (0.01e18 = +1%); `null` with < 2 points. */
  lrtChangeWad: bigint | null;
  holdingChangeWad: bigint | null;
};

function activeValue(s: vault.VaultSnapshot): bigint | null {
  if (s.activeValueWad.__option === 'Some') return s.activeValueWad.value;
  return null;
}

/**
 * The chart's series from snapshots (any order; several at one slot keep the last of
 * that slot in the order given, i.e. the transaction's final state). Snapshots with no
 * shares or an overflowing value are skipped.
 */
export function priceSeries(snapshots: ReadonlyArray<SnapshotPoint>): PriceSeries {
  const bySlot = new Map<bigint, SnapshotPoint>();
  for (const p of snapshots) bySlot.set(p.slot, p);
  const ordered = [...bySlot.values()].sort((a, b) =>
    a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0,
  );
  const usable = ordered.filter(
    (p) => p.snapshot.shareSupply > 0n && activeValue(p.snapshot) !== null,
  );
  if (usable.length === 0)
    return { points: [], basketPerLrt: null, lrtChangeWad: null, holdingChangeWad: null };
  const first = usable[0]!.snapshot;
  // the basket of one share at the first point: active_k / S, kept as a fraction
  const basket = {
    unscaled: first.activeAmounts.slice(0, first.assetCount),
    supply: first.shareSupply,
  };
  const points = usable.map((p): ChartPoint => {
    const s = p.snapshot;
    const holdingValue = basket.unscaled.reduce(
      (sum, amount, k) => sum + amount * (s.pricesWad[k] ?? 0n),
      0n,
    );
    return {
      slot: p.slot,
      blockTime: p.blockTime,
      event: p.event,
      sharePriceWad: activeValue(s)! / s.shareSupply,
      holdingWad: holdingValue / basket.supply,
    };
  });
  const change = (pick: (p: ChartPoint) => bigint) => {
    if (points.length < 2) return null;
    const a = pick(points[0]!);
    const b = pick(points[points.length - 1]!);
    return a === 0n ? null : ((b - a) * WAD) / a;
  };
  return {
    points,
    basketPerLrt: basket,
    lrtChangeWad: change((p) => p.sharePriceWad),
    holdingChangeWad: change((p) => p.holdingWad),
  };
}

/** A signed WAD change as a percentage with a sign ("+0.0123%", "-1.5%"). */
export function formatChange(changeWad: bigint, places = 4): string {
  const negative = changeWad < 0n;
  const abs = negative ? -changeWad : changeWad;
  const scaled = (abs * 100n * 10n ** BigInt(places)) / WAD;
  const whole = scaled / 10n ** BigInt(places);
  const fraction = (scaled % 10n ** BigInt(places))
    .toString()
    .padStart(places, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : '+'}${whole}${fraction ? `.${fraction}` : ''}%`;
}

export type ChartGeometry = {
  width: number;
  height: number;
  /** SVG path data of each series ("M x y L x y ..."). */
  lrtPath: string;
  holdingPath: string;
  /** Dots of each point of the LRT series (for focusable markers). */
  dots: { x: number; y: number; point: ChartPoint }[];
  /** Horizontal grid lines with their price label (SOL per LRT). */
  yTicks: { y: number; value: bigint }[];
  /** The first and last slot, placed at the ends of the x axis. */
  xTicks: { x: number; slot: bigint }[];
};

/**
 * Where to draw the series in a `width` x `height` box with `pad` pixels of margin: x by
 * slot, y by price (the range of both series with a little headroom). Geometry only:
 * plotting uses floating point, the values shown stay the exact integers.
 */
export function chartGeometry(
  series: PriceSeries,
  width: number,
  height: number,
  pad = { left: 64, right: 12, top: 12, bottom: 24 },
): ChartGeometry {
  const pts = series.points;
  const empty = { width, height, lrtPath: '', holdingPath: '', dots: [], yTicks: [], xTicks: [] };
  if (pts.length === 0) return empty;
  const values = pts.flatMap((p) => [p.sharePriceWad, p.holdingWad]);
  let lo = values.reduce((m, v) => (v < m ? v : m));
  let hi = values.reduce((m, v) => (v > m ? v : m));
  if (hi === lo) {
    // a flat line: a band of +-0.1% around it
    const band = lo / 1000n || 1n;
    lo -= band;
    hi += band;
  } else {
    const head = (hi - lo) / 10n;
    lo -= head;
    hi += head;
  }
  const s0 = pts[0]!.slot;
  const s1 = pts[pts.length - 1]!.slot;
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (slot: bigint) =>
    s1 === s0 ? pad.left + innerW / 2 : pad.left + (Number(slot - s0) / Number(s1 - s0)) * innerW;
  const y = (v: bigint) =>
    pad.top + (1 - Number(((v - lo) * 1_000_000n) / (hi - lo)) / 1_000_000) * innerH;
  const path = (pick: (p: ChartPoint) => bigint) =>
    pts
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.slot).toFixed(1)} ${y(pick(p)).toFixed(1)}`)
      .join(' ');
  const ticks = 4;
  return {
    width,
    height,
    lrtPath: path((p) => p.sharePriceWad),
    holdingPath: path((p) => p.holdingWad),
    dots: pts.map((p) => ({ x: x(p.slot), y: y(p.sharePriceWad), point: p })),
    yTicks: Array.from({ length: ticks + 1 }, (_, i) => {
      const value = lo + ((hi - lo) * BigInt(i)) / BigInt(ticks);
      return { y: y(value), value };
    }),
    xTicks:
      s1 === s0
        ? [{ x: x(s0), slot: s0 }]
        : [
            { x: x(s0), slot: s0 },
            { x: x(s1), slot: s1 },
          ],
  };
}

/**
 * The vault's books now as a snapshot (what an event emitted now would carry), so the
 * chart ends at the present even when the last event is old. Pass the vault with vesting
 * credited to the slot (`accrueVesting`) to match what the next instruction would see.
 */
export function snapshotOfVault(v: vault.Vault): vault.VaultSnapshot {
  const assets = v.assets.slice(0, v.assetCount);
  const pad = (xs: bigint[]) => [...xs, ...Array<bigint>(8 - xs.length).fill(0n)];
  const value = assets.reduce((sum, a) => sum + a.activeAmount * a.priceWad, 0n);
  return {
    shareSupply: v.shareSupply,
    activeValueWad: { __option: 'Some', value },
    assetCount: v.assetCount,
    activeAmounts: pad(assets.map((a) => a.activeAmount)),
    queuedAmounts: pad(assets.map((a) => a.queuedAmount)),
    escrowedAmounts: pad(assets.map((a) => a.escrowedAmount)),
    unvestedAmounts: pad(assets.map((a) => unvested(a.rewards))),
    bondedShares: v.bondedShares,
    insuranceShares: v.insuranceShares,
    treasuryShares: v.treasuryShares,
    pricesWad: pad(assets.map((a) => a.priceWad)),
    priceEpochs: pad(assets.map((a) => a.priceEpoch)),
  };
}

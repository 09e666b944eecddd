// The price chart's series: the LRT's share price is each snapshot's active value over its
// share supply; "holding the LSTs" is the first point's per-LRT basket at each point's
// prices. Checked on made-up snapshots where the answer is plain, and on real events the
// local network emitted (clients/js/test/events.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import {
  WAD,
  accrueVesting,
  activeValueWad,
  decodeVaultEvent,
  nowFrom,
  snapshotOf,
  type vault,
} from '@lrt/client';

import {
  chartGeometry,
  formatChange,
  priceSeries,
  snapshotOfVault,
  type SnapshotPoint,
} from '../src/model/chart.ts';
import { SLOT, mainWorld } from './fixtures.ts';

const pad = (xs: bigint[]) => [...xs, ...Array<bigint>(8 - xs.length).fill(0n)];

function snap(supply: bigint, amounts: bigint[], prices: bigint[]): vault.VaultSnapshot {
  const value = amounts.reduce((s, a, k) => s + a * prices[k]!, 0n);
  return {
    shareSupply: supply,
    activeValueWad: { __option: 'Some', value },
    assetCount: amounts.length,
    activeAmounts: pad(amounts),
    queuedAmounts: pad([]),
    escrowedAmounts: pad([]),
    unvestedAmounts: pad([]),
    bondedShares: 0n,
    insuranceShares: 0n,
    treasuryShares: 0n,
    pricesWad: pad(prices),
    priceEpochs: pad([]),
  };
}

const point = (slot: bigint, s: vault.VaultSnapshot, event = 'Deposited'): SnapshotPoint => ({
  slot,
  blockTime: null,
  snapshot: s,
  event,
});

const SOL = 10n ** 9n;

test('the LRT and the holding series from snapshots', () => {
  // 100 SOL of wSOL and 100 of an LST at 1.2 SOL: 220 SOL over 200 shares = 1.1 SOL per share
  const p0 = point(10n, snap(200n * SOL, [100n * SOL, 100n * SOL], [WAD, (WAD * 12n) / 10n]));
  // the LST rises to 1.32 (+10%); a reward added 11 SOL of wSOL to the pool
  const p1 = point(20n, snap(200n * SOL, [111n * SOL, 100n * SOL], [WAD, (WAD * 132n) / 100n]));
  const s = priceSeries([p1, p0]);
  assert.deepEqual(
    s.points.map((p) => p.slot),
    [10n, 20n],
    'oldest first',
  );
  assert.equal(s.points[0]!.sharePriceWad, (WAD * 11n) / 10n);
  assert.equal(s.points[0]!.holdingWad, (WAD * 11n) / 10n, 'both start at the same value');
  // LRT: (111 + 132) / 200 = 1.215 SOL; holding: (100 + 132) / 200 = 1.16 SOL
  assert.equal(s.points[1]!.sharePriceWad, (WAD * 1215n) / 1000n);
  assert.equal(s.points[1]!.holdingWad, (WAD * 116n) / 100n);
  assert.equal(
    s.lrtChangeWad,
    (((WAD * 1215n) / 1000n - (WAD * 11n) / 10n) * WAD) / ((WAD * 11n) / 10n),
  );
  assert.equal(formatChange(s.lrtChangeWad!), '+10.4545%');
  assert.equal(formatChange(s.holdingChangeWad!), '+5.4545%');
  assert.equal(formatChange(-WAD / 200n), '-0.5%');
  assert.deepEqual(s.basketPerLrt, { unscaled: [100n * SOL, 100n * SOL], supply: 200n * SOL });
});

test('one point per slot (the last event of the slot), unusable snapshots skipped', () => {
  const a = point(5n, snap(100n, [100n], [WAD]), 'PricesRefreshed');
  const b = point(5n, snap(200n, [300n], [WAD]), 'Deposited');
  const empty = point(3n, snap(0n, [0n], [WAD]), 'VaultCreated');
  const overflow = point(4n, {
    ...snap(100n, [100n], [WAD]),
    activeValueWad: { __option: 'None' },
  });
  const s = priceSeries([empty, overflow, a, b]);
  assert.equal(s.points.length, 1);
  assert.equal(s.points[0]!.event, 'Deposited');
  assert.equal(s.points[0]!.sharePriceWad, (WAD * 3n) / 2n);
  assert.equal(s.lrtChangeWad, null, 'one point: no change');
  assert.deepEqual(priceSeries([]).points, []);
});

test('the chart from the vault events the local network emitted', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const captured = JSON.parse(
    readFileSync(join(here, '../../clients/js/test/events.json'), 'utf8'),
  ) as { events: { program: string; data: string }[] };
  const points: SnapshotPoint[] = [];
  let slot = 0n;
  for (const e of captured.events) {
    if (e.program !== 'lrt_vault') continue;
    const event = decodeVaultEvent(new Uint8Array(Buffer.from(e.data, 'hex')));
    const snapshot = event ? snapshotOf(event) : null;
    if (event && snapshot) points.push(point((slot += 1n), snapshot, event.name));
  }
  assert.ok(points.length >= 4, 'VaultCreated, BondChanged, Deposited, WithdrawalRequested, ...');
  const s = priceSeries(points);
  const first = s.points[0]!;
  const s0 = points.find((p) => p.slot === first.slot)!.snapshot;
  for (const [i, p] of s.points.entries()) {
    const snapshot = points.find((x) => x.slot === p.slot)!.snapshot;
    const value = snapshot.activeAmounts.reduce(
      (sum, amount, k) => sum + amount * snapshot.pricesWad[k]!,
      0n,
    );
    assert.equal(p.sharePriceWad, value / snapshot.shareSupply, `point ${i}: ${p.event}`);
    const basket = s0.activeAmounts.slice(0, s0.assetCount);
    const held = basket.reduce((sum, amount, k) => sum + amount * snapshot.pricesWad[k]!, 0n);
    assert.equal(p.holdingWad, held / s0.shareSupply);
    // a real vault's share is worth about a SOL
    assert.ok(p.sharePriceWad > WAD / 2n && p.sharePriceWad < 2n * WAD);
  }
});

test('the live point is the vault’s books now', () => {
  const world = mainWorld();
  const accrued = accrueVesting(world.vault, nowFrom(world.config, SLOT));
  const s = snapshotOfVault(accrued);
  assert.deepEqual(s.activeValueWad, { __option: 'Some', value: activeValueWad(accrued) });
  assert.equal(s.shareSupply, accrued.shareSupply);
  assert.equal(s.assetCount, 3);
  assert.equal(s.activeAmounts.length, 8);
  const series = priceSeries([point(SLOT, s, 'now')]);
  assert.equal(series.points[0]!.sharePriceWad, activeValueWad(accrued) / accrued.shareSupply);
});

test('chart geometry: inside the box, oldest on the left, higher prices higher up', () => {
  const p0 = point(100n, snap(100n * SOL, [100n * SOL], [WAD]));
  const p1 = point(300n, snap(100n * SOL, [110n * SOL], [WAD]));
  const g = chartGeometry(priceSeries([p0, p1]), 640, 240);
  assert.equal(g.dots.length, 2);
  assert.equal(g.dots[0]!.x, 64, 'the first slot at the left margin');
  assert.equal(g.dots[1]!.x, 640 - 12, 'the last at the right margin');
  assert.ok(g.dots[1]!.y < g.dots[0]!.y, 'a higher price is drawn higher');
  for (const d of g.dots) assert.ok(d.y >= 12 && d.y <= 240 - 24);
  assert.match(g.lrtPath, /^M64\.0 [\d.]+ L628\.0 [\d.]+$/);
  assert.equal(g.yTicks.length, 5);
  assert.ok(g.yTicks[0]!.value < g.yTicks[4]!.value);
  assert.deepEqual(
    g.xTicks.map((t) => t.slot),
    [100n, 300n],
  );
  // a flat single point still draws, in the middle
  const flat = chartGeometry(priceSeries([p0]), 640, 240);
  assert.equal(flat.dots[0]!.x, 64 + (640 - 64 - 12) / 2);
  assert.equal(chartGeometry(priceSeries([]), 640, 240).lrtPath, '');
});

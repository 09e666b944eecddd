// The overview: the vault's own valuation (vesting credited to the slot), its holdings per
// asset with the cap used, its fees with the announced change, its pauses, and the
// first-loss capital in front of holders (valued at the net asset value per share).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  WAD,
  accrueVesting,
  activeValueWad,
  assetValueWad,
  nowFrom,
  sharePrice,
  type Addressed,
  type vault,
} from '@lrt/client';
import type { Address } from '@solana/kit';

import { overview } from '../src/model/overview.ts';
import { SLOT, mainWorld, vaultNamed } from './fixtures.ts';

const world = mainWorld();
const now = nowFrom(world.config, SLOT);

test('value, share price and supply, as the vault values itself', () => {
  const o = overview(world, now);
  const accrued = accrueVesting(world.vault, now);
  assert.equal(o.totalValueWad, activeValueWad(accrued));
  assert.equal(o.navWad, activeValueWad(accrued) / accrued.shareSupply);
  assert.deepEqual(o.price, sharePrice(world.vault, now));
  // deposits pay a little more than the NAV: the Marinade margin
  assert.ok(o.price.sharePriceWad! > o.navWad!);
  assert.equal(o.shareSupply, accrued.shareSupply);
  assert.equal(o.lrtSupply, world.lrt.supply);
  assert.equal(o.epoch, 10n);
  assert.equal(o.epochSlotsLeft, 11n * 432_000n - SLOT);
});

test('composition: each asset’s value and share; the cap used, or no cap', () => {
  const o = overview(world, now);
  const accrued = accrueVesting(world.vault, now);
  let total = 0n;
  for (const c of o.composition) {
    const slot = accrued.assets[c.asset.index]!;
    assert.equal(c.active, slot.activeAmount);
    assert.equal(c.valueWad, assetValueWad(slot.activeAmount, slot.priceWad));
    assert.equal(c.shareWad, (c.valueWad * WAD) / o.totalValueWad);
    total += c.valueWad;
  }
  assert.equal(total, o.totalValueWad);
  const [wsol, pool] = o.composition;
  assert.equal(wsol!.uncapped, true, 'u64::MAX is no cap');
  assert.equal(pool!.uncapped, false);
  assert.equal(pool!.capUsedWad, (pool!.active * WAD) / 100_000_000_000n);
  assert.equal(pool!.queued, 4_000_000_000n);
});

test('fees with the announced increase; pauses; the slash window', () => {
  const o = overview(world, now);
  assert.deepEqual(o.fees.deposit, { bps: 10, next: { bps: 25, fromEpoch: 11n } });
  assert.deepEqual(o.fees.withdrawal, { bps: 10, next: { bps: 30, fromEpoch: 11n } });
  assert.deepEqual(o.fees.reward, { bps: 1000, next: null });
  assert.equal(o.fees.insuranceCutBps, 2000);
  assert.deepEqual(o.pauses, {
    protocol: false,
    deposits: false,
    withdrawals: false,
    depositsReopenAtSlot: null,
    wipedOut: false,
  });
  const paused = overview({ ...world, vault: vaultNamed('vaultPaused') }, now);
  assert.equal(paused.pauses.deposits, true);
  const window = vaultNamed('vaultSlashWindow');
  assert.equal(
    overview({ ...world, vault: window }, now).pauses.depositsReopenAtSlot,
    window.slashWindow.untilSlot,
  );
  assert.equal(overview(world, now).stalePrices, false);
  assert.equal(overview({ ...world, solanaEpoch: 801n }, now).stalePrices, true);
});

test('first-loss capital: insurance and bonds at the share price now', () => {
  const bond: Addressed<vault.OperatorBond> = {
    address: 'Bond111111111111111111111111111111111111111' as Address,
    data: {
      discriminator: new Uint8Array(8),
      vault: world.vaultAddress,
      operator: world.delegations[0]!.data.operator,
      authority: world.delegations[0]!.data.operator,
      shares: 1_500_000_000n,
      unbondingShares: 500_000_000n,
      unbondEpoch: 11n,
      bump: 255,
    },
  };
  const o = overview({ ...world, bonds: [bond] }, now);
  const price = o.navWad!;
  assert.equal(o.insuranceShares, 1_000_000_000n);
  assert.equal(o.insuranceValueWad, 1_000_000_000n * price);
  assert.equal(o.bondedShares, 2_000_000_000n);
  assert.deepEqual(o.bonds, [
    {
      operator: bond.data.operator,
      label: 'operator-X',
      shares: 1_500_000_000n,
      unbondingShares: 500_000_000n,
      valueWad: 2_000_000_000n * price,
    },
  ]);
});

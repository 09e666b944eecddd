// Slashing as the risk screen shows it: the pending requests are exactly those the Rust
// side lists (`lrt vault show`), with the same most-they-can-cost, deadlines and
// countdowns; requests that cannot reach the vault say why; a past slash shows how its
// loss was split between the bond, the insurance fund, the holders and the waiting
// withdrawals, and whether it can still be cancelled.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { WAD, nowFrom, vault, type registry } from '@lrt/client';
import type { Address } from '@solana/kit';

import { disclosureFacts, pastSlashRows, pendingRows, skipText } from '../src/model/risk.ts';
import { DEMO_EMITTER, EPOCH_LENGTH, SLOT, expectedPending, mainWorld } from './fixtures.ts';

const world = mainWorld();
const now = nowFrom(world.config, SLOT);

test('pending requests: the Rust side’s list, with deadlines, countdowns and the most each costs', () => {
  const { pending } = pendingRows(world, now);
  const expected = expectedPending();
  assert.deepEqual(
    pending.map((p) => [p.request, p.maxLossLamports, p.maxLossShareWad]),
    expected.map((e) => [e.request, BigInt(e.maxLossLamports), BigInt(e.maxLossShareWad)]),
  );
  for (const p of pending) {
    const r = world.requests.find((x) => x.address === p.request)!.data;
    assert.equal(p.vetoDeadlineSlot, r.vetoDeadlineSlot);
    assert.equal(p.captureEpoch, r.captureEpoch);
    assert.equal(p.executableUntilEpoch, r.captureEpoch + 1n);
    assert.equal(p.executableUntilSlot, (r.captureEpoch + 2n) * EPOCH_LENGTH - 1n);
    assert.equal(p.expirySlotsLeft, p.executableUntilSlot - SLOT);
    assert.equal(p.expiryMs, Number(p.expirySlotsLeft) * 400);
    assert.equal(p.vetoSlotsLeft, r.vetoDeadlineSlot > SLOT ? r.vetoDeadlineSlot - SLOT : 0n);
    assert.equal(p.fractionWad, r.wad < r.maxSlashWad ? r.wad : r.maxSlashWad);
    assert.match(
      p.text,
      new RegExp(`of ${p.operatorLabel}’s stake for misbehaviour in epoch ${r.captureEpoch}`),
    );
    assert.match(p.text, /the vault loses at most \d+(\.\d+)? SOL/);
  }
  // labels name operators and AVSs where known
  assert.ok(pending.some((p) => p.operatorLabel === 'operator-X' && p.avsLabel === 'AVS two'));
});

test('requests that cannot reach the vault say why', () => {
  const { unreachable } = pendingRows(world, now);
  assert.ok(unreachable.length > 0);
  for (const u of unreachable) assert.ok(u.reason.length > 10, u.reason);
  const kinds = [
    skipText({ kind: 'vault_not_opted_in' }),
    skipText({ kind: 'operator_not_opted_in' }),
    skipText({ kind: 'not_whitelisted' }),
    skipText({ kind: 'no_stake_at_capture' }),
    skipText({ kind: 'avs_cap_used', capBps: 500 }),
    skipText({ kind: 'vault_cap_used', capBps: 2000 }),
  ];
  assert.deepEqual(kinds, [
    'the vault does not serve this AVS',
    'the operator does not serve this AVS',
    'the vault does not allocate to this operator',
    'the vault had no stake with the operator at the capture epoch',
    'the vault’s cap for this AVS (5% per epoch) is used up',
    'the registry’s per-epoch cap (20%) is used up',
  ]);
  // without the registry there is nothing to judge
  assert.deepEqual(pendingRows({ ...world, registryConfig: null }, now), {
    pending: [],
    unreachable: [],
  });
});

/** An escrow of the vault as `apply_slash` writes it. */
function escrow(over: Partial<vault.SlashEscrow> = {}): {
  address: Address;
  data: vault.SlashEscrow;
} {
  const zero = Array<bigint>(8).fill(0n);
  const request = world.executions[0]!.data.request;
  const bucket = (
    present: boolean,
    epoch: bigint,
    before: bigint,
    after: bigint,
    taken: bigint[],
  ) => ({
    present,
    epoch,
    scaleBeforeWad: before,
    scaleAfterWad: after,
    taken: [...taken, ...zero].slice(0, 8),
  });
  return {
    address: 'Escrow1111111111111111111111111111111111111' as Address,
    data: {
      discriminator: vault.SLASH_ESCROW_DISCRIMINATOR,
      vault: world.vaultAddress,
      request,
      operator: world.executions[0]!.data.operator,
      captureEpoch: 9n,
      lossLamports: 4_740_000_000n,
      amounts: [1_000_000_000n, 2_000_000_000n, 0n, ...zero].slice(0, 8),
      bondSharesBurnt: 2_000_000_000n,
      bondUnbondingSharesBurnt: 0n,
      insuranceSharesBurnt: 500_000_000n,
      poolTaken: [900_000_000n, 1_800_000_000n, ...zero].slice(0, 8),
      fractionWad: 8_700_000_000_000_000n, // 0.87%
      buckets: [
        bucket(true, 10n, WAD, (WAD * 9913n) / 10_000n, [100_000_000n, 200_000_000n]),
        bucket(false, 11n, WAD, WAD, []),
      ],
      wipedPool: false,
      destination: {
        __kind: 'Recipient',
        owner: 'BUDn4VHfvZmJ1mZG72q9QFpBEGNQ9H14wHS41mMDVrPA' as Address,
      },
      resolveAfterSlot: SLOT + 40n,
      swept: Array<boolean>(8).fill(false),
      cancelled: false,
      bump: 255,
      ...over,
    },
  };
}

test('a past slash: how the loss was split, and whether it can still be cancelled', () => {
  const e = escrow();
  const w = { ...world, escrows: [e] };
  const [row] = pastSlashRows(w, now);
  assert.ok(row);
  assert.equal(row.lossLamports, 4_740_000_000n);
  assert.equal(row.bondShares, 2_000_000_000n);
  assert.equal(row.insuranceShares, 500_000_000n);
  assert.equal(row.holderFractionWad, 8_700_000_000_000_000n);
  assert.deepEqual(
    row.poolTaken.map((p) => [p.asset.symbol, p.amount]),
    [
      ['wSOL', 900_000_000n],
      ['spSOL', 1_800_000_000n],
    ],
  );
  assert.deepEqual(
    row.buckets.map((b) => [b.epoch, b.lostFractionWad]),
    [[10n, WAD - (WAD * 9913n) / 10_000n]],
    'only the buckets that existed',
  );
  assert.equal(row.status, 'cancellable');
  assert.equal(row.avs, world.executions[0]!.data.avs);
  assert.equal(row.destination, 'paid to BUDn…VrPA');
  assert.equal(row.coveredValueWad, null, 'no SlashApplied event in the history given');
  assert.equal(
    row.splitText,
    'the operator’s bond paid first (2 LRT burnt); the insurance fund paid 0.5 LRT; every holder lost 0.87% of their position; withdrawals waiting in the bucket of epoch 10 lost 0.87%.',
  );
  // with the event, the value the bond and the insurance covered
  const applied = new Map([[e.data.request as string, { valueCoveredWad: 2_600n * WAD } as never]]);
  assert.equal(pastSlashRows(w, now, applied)[0]!.coveredValueWad, 2_600n * WAD);
  // after the resolution delay it is final; a cancelled one says so
  assert.equal(pastSlashRows(w, nowFrom(world.config, SLOT + 40n))[0]!.status, 'final');
  const cancelled = { ...world, escrows: [escrow({ cancelled: true })] };
  assert.equal(pastSlashRows(cancelled, now)[0]!.status, 'cancelled');
  // a slash the bond and the insurance covered took nothing from holders
  const covered = {
    ...world,
    escrows: [escrow({ fractionWad: 0n, poolTaken: Array(8).fill(0n), buckets: [] })],
  };
  assert.match(pastSlashRows(covered, now)[0]!.splitText, /holders lost nothing/);
  // other vaults' escrows are not this vault's history
  const other = escrow({ vault: 'So11111111111111111111111111111111111111112' as Address });
  assert.deepEqual(pastSlashRows({ ...world, escrows: [other] }, now), []);
});

test('the disclosure quotes the chain’s parameters', () => {
  const f = disclosureFacts(world, now);
  assert.equal(f.epochLength, EPOCH_LENGTH);
  assert.equal(f.vetoWindowSlots, 43_200n);
  assert.equal(f.resolutionDelaySlots, 43_200n);
  assert.equal(f.registryCapBps, 2000);
  assert.equal(f.epochMs, Number(EPOCH_LENGTH) * 400);
  assert.equal(f.maxDepositFeeBps, world.config.maxDepositFeeBps);
});

/** `world` with the AVS at `avs` on Sepolia (a remote AVS since before the vectors' epochs). */
function withRemote(avs: string): ReturnType<typeof mainWorld> {
  const kind = { __kind: 'Remote' as const, chain: 10002, emitter: DEMO_EMITTER };
  return {
    ...world,
    avss: world.avss.map((a) =>
      a.address === avs
        ? { address: a.address, data: { ...a.data, kind, nextKind: kind } as registry.Avs }
        : a,
    ),
  };
}

test('a request from a remote AVS says it came cross-chain, from which chain and emitter', () => {
  const local = pendingRows(world, now).pending;
  assert.ok(local.length > 0);
  assert.ok(local.every((p) => p.origin === null));
  const avs = local[0]!.avs;
  const remote = pendingRows(withRemote(avs), now).pending;
  // the same requests, amounts and deadlines: only where they came from differs
  assert.deepEqual(
    remote.map((p) => [p.request, p.maxLossLamports]),
    local.map((p) => [p.request, p.maxLossLamports]),
  );
  for (const p of remote) {
    if (p.avs !== avs) {
      assert.equal(p.origin, null);
      continue;
    }
    assert.equal(p.origin?.badge.text, 'Cross-chain · Sepolia');
    assert.equal(p.origin?.emitterShort, '0xde15…0015');
    assert.match(
      p.text,
      /It came cross-chain from Sepolia \(Wormhole chain 10002, emitter 0xde15…0015\)/,
    );
  }
  // a past slash of that AVS too
  const e = escrow();
  const executed = world.executions[0]!.data.avs;
  assert.equal(pastSlashRows({ ...world, escrows: [e] }, now)[0]!.origin, null);
  const [row] = pastSlashRows({ ...withRemote(executed), escrows: [e] }, now);
  assert.equal(row!.origin?.chainName, 'Sepolia');
  assert.equal(row!.origin?.badge.text, 'Cross-chain · Sepolia');
});

// Operators and exposure: each operator's allocation and stake as the vault computes
// them, and for each AVS the vault serves the most it can lose per epoch, worked out here
// from first principles on the vectors' world (epoch 10, the registry's cap of 20% in
// force from epoch 10, the curator's caps of 100% and 5%).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BPS_DENOMINATOR, WAD, nowFrom, operatorStake, type registry } from '@lrt/client';
import type { Address } from '@solana/kit';

import { avsBadges, exposureSummary, operatorRows, optInState } from '../src/model/exposure.ts';
import { SLOT, mainWorld } from './fixtures.ts';

const world = mainWorld();
const now = nowFrom(world.config, SLOT);
const X = '5PZRXSXM73JfQNL1U3FnYecjQyvLZ5d5ACBPRZnHvRJQ';
const Y = '6jbe51qP9owHSVbjoDD88bK86JNNfGoZUSL975eR6d3d';
const Z = '663RJTeC6G8dAQXE657vr45rsNDEu6vUXDFxHHeUp4Qe';
const V = 'Bk2RGBRpu8XmMbfMVkNDazVNgCyFsXcj3XfiPZHMqZR6';
const AVS1 = '62ADVsM6gFC5KZthapHzN7oYS2fT5yCnCoFPButzrweg';
const AVS2 = '52HDakiRAgQWntgdP2cx13ZUUhAbVnEPF4fAsCMTDytd';
const AVS3 = '6FTKxaUhmGivkxH8U6rM9ZCWUQP4Ax4uAjA5cD5J68pC';
const AVS5 = 'E5wM9QForGuQWgxBmnNf9dzwKpsRGkLhyhDL19VQeYfb';

/** The stake of an operator for a capture now: the vault's bucket of epoch 11 is reachable. */
function stake(operator: string): bigint {
  const d = world.delegations.find((x) => x.data.operator === operator)!.data;
  const b11 = world.buckets.find((b) => b.data.epoch === 11n)!.data;
  return operatorStake(world.vault, d, [b11, null], now).stakeLamports ?? 0n;
}
const bps = (amount: bigint, b: bigint) => (amount * b) / BPS_DENOMINATOR;

test('operators: allocation now, next and later; stake; sorted by allocation', () => {
  const rows = operatorRows(world, now);
  assert.deepEqual(
    rows.map((r) => r.label),
    ['operator-X', 'operator-Z', 'operator-Y', 'operator-V'],
  );
  const y = rows.find((r) => r.operator === Y)!;
  assert.deepEqual(
    [y.allocationNow, y.allocationNext, y.allocationLater],
    [WAD / 10n, WAD / 4n, WAD / 4n],
    'an increase counts from the next epoch',
  );
  const z = rows.find((r) => r.operator === Z)!;
  assert.deepEqual(
    [z.allocationNow, z.allocationLater],
    [WAD / 5n, WAD / 20n],
    'a decrease still counts',
  );
  for (const r of rows) assert.equal(r.stakeLamports, stake(r.operator), r.label);
  assert.ok(stake(X) > 0n);
  assert.equal(stake(V), 0n, 'V’s allocation counts from epoch 11');
  // Z serves AVS1 from epoch 11 (opted in during 10) and left AVS2 in epoch 9
  const zAvs = new Map(z.avss.map((a) => [a.avs, a]));
  assert.equal(zAvs.get(AVS1 as Address)!.state, 'pending');
  assert.equal(zAvs.get(AVS1 as Address)!.text, 'counts from epoch 11');
  assert.equal(zAvs.get(AVS2 as Address)!.state, 'leaving');
  assert.equal(zAvs.get(AVS2 as Address)!.text, 'opted out in epoch 9: slashable through epoch 10');
  // the vault's executions, by operator
  const withSlashes = rows.filter((r) => r.slashes.length > 0);
  for (const r of withSlashes) {
    for (const s of r.slashes) {
      const e = world.executions.find((x) => x.data.request === s.request)!.data;
      assert.equal(e.operator, r.operator);
      assert.equal(s.lossLamports, e.lossLamports);
    }
  }
  assert.equal(
    withSlashes.reduce((n, r) => n + r.slashes.length, 0),
    world.executions.filter((e) => e.data.vault === world.vaultAddress).length,
  );
});

test('exposure per AVS: the caps bound an epoch, operator by operator', () => {
  const s = exposureSummary(world, now);
  assert.equal(s.registryCapBps, 2000, 'the announced 20% is in force from epoch 10');
  const by = new Map(s.avss.map((a) => [a.avs as string, a]));
  // AVS1: cap 100%, so the registry's 20% binds; X, Y (and V, with no stake) serve it now
  const a1 = by.get(AVS1)!;
  assert.deepEqual(
    a1.operators.map((o) => o.operator),
    [X, Y, V],
  );
  assert.equal(a1.maxLossPerEpochLamports, bps(stake(X), 2000n) + bps(stake(Y), 2000n));
  // one request at most min(100%, AVS max) of the stake, within the epoch bound
  assert.equal(a1.operators[0]!.perRequestLamports, bps(stake(X), 2000n));
  // AVS2: the curator's 5% binds; X serves it, Z left in epoch 9 and still counts in 10
  const a2 = by.get(AVS2)!;
  assert.deepEqual(
    a2.operators.map((o) => o.operator),
    [X, Z],
  );
  assert.equal(a2.maxLossPerEpochLamports, bps(stake(X), 500n) + bps(stake(Z), 500n));
  // AVS3: the vault left in epoch 9: still slashable in 10
  assert.equal(by.get(AVS3)!.vaultState, 'leaving');
  assert.equal(by.get(AVS3)!.maxLossPerEpochLamports, bps(stake(X), 2000n));
  // AVS5: the vault left in epoch 8: out of reach
  assert.equal(by.get(AVS5)!.vaultState, 'out');
  assert.equal(by.get(AVS5)!.maxLossPerEpochLamports, 0n);
  // all AVSs together: per operator the registry's cap across AVSs
  assert.equal(
    s.totalMaxLossPerEpochLamports,
    bps(stake(X), 2000n) + bps(stake(Y), 2000n) + bps(stake(Z), 500n),
  );
  // as a share of the slashable value
  assert.equal(a1.maxLossShareWad, (a1.maxLossPerEpochLamports * WAD * WAD) / s.slashableValueWad);
});

test('badges say how an AVS slashes', () => {
  const avs = world.avss.find((a) => a.address === AVS3)!.data;
  const texts = avsBadges(avs, 10n).map((b) => b.text);
  assert.ok(texts.includes('Burns'));
  assert.ok(texts.includes('Inactive'), 'AVS3 was deactivated');
  assert.ok(texts.some((t) => t.startsWith('Local · ')));

  const remote: registry.Avs = {
    ...avs,
    active: true,
    kind: { __kind: 'Remote', chain: 2, emitter: new Uint8Array(32) },
    nextKind: { __kind: 'Remote', chain: 2, emitter: new Uint8Array(32) },
    destination: { __kind: 'Recipient', owner: X as Address },
    nextDestination: { __kind: 'Burn' },
    changesEffectiveEpoch: 12n,
  };
  const badges = avsBadges(remote, 10n);
  assert.deepEqual(
    badges.map((b) => b.text),
    ['Cross-chain · Ethereum', 'Pays a recipient', 'Changes from epoch 12'],
  );
  assert.match(badges[1]!.title, new RegExp(X));
  // from epoch 12 the announced destination is in force
  assert.ok(avsBadges(remote, 12n).some((b) => b.text === 'Burns'));
  // a PDA slash authority is a program's; a key is a key
  const local = (slashAuthority: string): registry.Avs => {
    const kind = { __kind: 'Local' as const, slashAuthority: slashAuthority as Address };
    return { ...avs, kind, nextKind: kind };
  };
  const pda = local('EHgaonPsNrwqm5SNnUTEuYrYAs4FkRNiDLcvEfn89zaT'); // the demo's example AVS config
  const key = local('5aPEkyZ2MAvJ2MbUDf2PKjAvFtmMfkcdQSt3giAh5aXS'); // the demo AVS's key
  assert.equal(avsBadges(pda, 0n)[0]!.text, 'Local · program');
  assert.equal(avsBadges(key, 0n)[0]!.text, 'Local · key');
});

test('opt-in states', () => {
  const max = (1n << 64n) - 1n;
  assert.equal(optInState({ activationEpoch: 3n, deactivationEpoch: max }, 10n), 'active');
  assert.equal(optInState({ activationEpoch: 10n, deactivationEpoch: max }, 10n), 'pending');
  assert.equal(optInState({ activationEpoch: 3n, deactivationEpoch: 9n }, 10n), 'leaving');
  assert.equal(optInState({ activationEpoch: 3n, deactivationEpoch: 8n }, 10n), 'out');
});

// Where a remote AVS's requests come from, as the Operators and Risk screens show it: the
// chain's name for known Wormhole ids (else the number), the emitter in full and short
// (an EVM address without its 12 bytes of padding), and one badge for both screens.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { registry } from '@lrt/client';

import { avsBadges } from '../src/model/exposure.ts';
import {
  chainName,
  crossChainBadge,
  emitterHex,
  remoteOrigin,
  shortEmitter,
} from '../src/model/xchain.ts';
import { DEMO_EMITTER, mainWorld } from './fixtures.ts';

test('chain names: known Wormhole ids by name, mainnets and testnets; others by number', () => {
  assert.equal(chainName(2), 'Ethereum');
  assert.equal(chainName(30), 'Base');
  assert.equal(chainName(10002), 'Sepolia');
  assert.equal(chainName(10004), 'Base Sepolia');
  assert.equal(chainName(4242), 'chain 4242');
});

test('emitters: 32 bytes in hex, and short (an EVM address without its padding)', () => {
  assert.equal(DEMO_EMITTER.length, 32);
  assert.equal(
    emitterHex(DEMO_EMITTER),
    '0x000000000000000000000000de150000000000000000000000000000000a0015',
  );
  assert.equal(shortEmitter(DEMO_EMITTER), '0xde15…0015');
  // a 32-byte emitter that is not an EVM address keeps its first bytes
  const solanaLike = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  assert.equal(shortEmitter(solanaLike), '0x0102…1f20');
});

test('a remote AVS has an origin with the same badge the Operators screen shows', () => {
  const base = mainWorld().avss[0]!.data;
  const kind = { __kind: 'Remote' as const, chain: 10002, emitter: DEMO_EMITTER };
  const remote: registry.Avs = { ...base, active: true, kind, nextKind: kind };
  const origin = remoteOrigin(remote, 10n);
  assert.ok(origin);
  assert.equal(origin.chain, 10002);
  assert.equal(origin.chainName, 'Sepolia');
  assert.equal(origin.emitterShort, '0xde15…0015');
  assert.deepEqual(origin.badge, crossChainBadge(10002, DEMO_EMITTER));
  assert.equal(origin.badge.text, 'Cross-chain · Sepolia');
  assert.match(origin.badge.title, /Wormhole chain 10002/);
  assert.match(origin.badge.title, /0x0{24}de15/);
  assert.deepEqual(avsBadges(remote, 10n)[0], origin.badge);
  // a local AVS has none; an AVS that announced a move to another chain is remote from then
  const local = { ...base, kind: base.kind, nextKind: base.kind };
  assert.equal(remoteOrigin(local, 10n), null);
  const moving: registry.Avs = { ...base, nextKind: kind, changesEffectiveEpoch: 12n };
  assert.equal(remoteOrigin(moving, 11n), null);
  assert.equal(remoteOrigin(moving, 12n)?.chainName, 'Sepolia');
  // an unknown chain by its number
  const far = { __kind: 'Remote' as const, chain: 4242, emitter: DEMO_EMITTER };
  assert.equal(
    remoteOrigin({ ...base, kind: far, nextKind: far }, 10n)?.badge.text,
    'Cross-chain · chain 4242',
  );
});

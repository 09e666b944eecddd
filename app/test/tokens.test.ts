// Token accounts, mints and their Token-2022 metadata read from bytes; demo.json; which
// wallets qualify.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { getAddressEncoder, type Address } from '@solana/kit';

import { parseDemo } from '../src/model/demo.ts';
import { readMint, readTokenAccount, symbolOf, WSOL_MINT } from '../src/model/tokens.ts';
import { pickAccount, qualifies, supportsChain, transactionVersion } from '../src/model/wallets.ts';
import { clusterFromRpc, presetCluster } from '../src/model/cluster.ts';

const MINT = '9agrUXwKb5ucC8z8HtZwVHeSjXPZrfJjXkQZcsXy3RCV' as Address;
const OWNER = '4rRBwpUxrALExTZhT3aUhXGrmbVbUNtRFfJgpdPnNg7v' as Address;

function u64(v: bigint): number[] {
  return [...new Uint8Array(new BigUint64Array([v]).buffer)];
}
function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [b.length, 0, 0, 0, ...b];
}

test('token accounts read their mint, owner and amount', () => {
  const data = new Uint8Array(165);
  data.set(getAddressEncoder().encode(MINT), 0);
  data.set(getAddressEncoder().encode(OWNER), 32);
  data.set(u64(123_456_789_000n), 64);
  assert.deepEqual(readTokenAccount(data), { mint: MINT, owner: OWNER, amount: 123_456_789_000n });
  assert.equal(readTokenAccount(new Uint8Array(100)), null);
});

test('a Token-2022 mint with a metadata extension reads its name and symbol', () => {
  const base = new Uint8Array(166);
  base.set(u64(305_000_000_000n), 36); // supply
  base[44] = 9; // decimals
  base[45] = 1; // initialized
  base[165] = 1; // account type: mint
  const pointer = [18, 0, 64, 0, ...new Array(64).fill(7)]; // MetadataPointer
  const value = [
    ...new Array(32).fill(1), // update authority
    ...getAddressEncoder().encode(MINT),
    ...str('Demo Restaked SOL'),
    ...str('drSOL'),
    ...str('https://example.com/drsol.json'),
    0,
    0,
    0,
    0, // no additional metadata
  ];
  const metadata = [19, 0, value.length & 0xff, value.length >> 8, ...value];
  const data = new Uint8Array([...base, ...pointer, ...metadata]);
  assert.deepEqual(readMint(data), {
    supply: 305_000_000_000n,
    decimals: 9,
    name: 'Demo Restaked SOL',
    symbol: 'drSOL',
    uri: 'https://example.com/drsol.json',
  });
  // an SPL Token mint: 82 bytes, no metadata
  const plain = readMint(base.slice(0, 82));
  assert.deepEqual(plain, {
    supply: 305_000_000_000n,
    decimals: 9,
    name: null,
    symbol: null,
    uri: null,
  });
  assert.equal(symbolOf(WSOL_MINT, plain), 'wSOL');
  assert.equal(symbolOf(MINT, readMint(data)), 'drSOL');
  assert.equal(symbolOf(MINT, plain, 'dsSOL'), 'dsSOL');
  assert.equal(symbolOf(MINT, plain), '9agr…');
});

test('demo.json: the vault, names, symbols, and the burner key when well formed', () => {
  const secret = Array.from({ length: 64 }, (_, i) => i);
  const demo = parseDemo({
    vault: { address: 'HPADiQmrcwqDqVBW6cJiB2iMjCMh9WFS8eanJpVcmwJA' },
    operators: [{ name: 'operator-1', operator: OWNER }, { name: 5 }],
    avs: { demo: { account: MINT, name: 'demo AVS' } },
    assets: [{ mint: WSOL_MINT, symbol: 'wSOL' }],
    demo_wallet: { address: OWNER, secret_key: secret },
  });
  assert.equal(demo.vault, 'HPADiQmrcwqDqVBW6cJiB2iMjCMh9WFS8eanJpVcmwJA');
  assert.deepEqual(demo.labels, { [OWNER]: 'operator-1', [MINT]: 'demo AVS' });
  assert.deepEqual(demo.symbols, { [WSOL_MINT]: 'wSOL' });
  assert.deepEqual(demo.wallet, { address: OWNER, secretKey: new Uint8Array(secret) });
  for (const bad of [secret.slice(1), [...secret.slice(1), 256], 'x']) {
    assert.equal(parseDemo({ demo_wallet: { address: OWNER, secret_key: bad } }).wallet, null);
  }
  assert.deepEqual(parseDemo(null), { vault: null, labels: {}, symbols: {}, wallet: null });
});

test('wallets qualify by their features; the account and version follow the cluster', () => {
  const features = {
    'standard:connect': {},
    'solana:signTransaction': { supportedTransactionVersions: ['legacy', 0] },
  };
  const wallet = { name: 'W', features, chains: ['solana:localnet'] };
  assert.equal(qualifies(wallet), true);
  assert.equal(qualifies({ ...wallet, features: { 'standard:connect': {} } }), false);
  assert.equal(qualifies({ ...wallet, features: { 'solana:signTransaction': {} } }), false);
  assert.equal(transactionVersion(wallet), 0);
  assert.equal(
    transactionVersion({
      ...wallet,
      features: {
        ...features,
        'solana:signTransaction': { supportedTransactionVersions: ['legacy'] },
      },
    }),
    'legacy',
  );
  const local = clusterFromRpc('http://127.0.0.1:8899');
  assert.equal(supportsChain(wallet, local), true);
  assert.equal(supportsChain(wallet, presetCluster('devnet')), false);
  const accounts = [
    { address: 'a', chains: ['solana:mainnet'] },
    { address: 'b', chains: ['solana:localnet'] },
  ];
  assert.equal(pickAccount(accounts, local)?.address, 'b');
  assert.equal(pickAccount(accounts, presetCluster('devnet'))?.address, 'a');
  assert.equal(pickAccount([], local), null);
});

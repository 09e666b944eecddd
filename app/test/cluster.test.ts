// Which cluster the app talks to and how a URL picks it; hash routes; the demo wallet's
// one rule (the local network only); explorer links.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DEVNET_RPC,
  LOCALNET_RPC,
  MAINNET_RPC,
  clusterFromRpc,
  defaultWsUrl,
  demoWalletAllowed,
  explorerAddressUrl,
  explorerTxUrl,
  initialCluster,
  isLoopbackHost,
  presetCluster,
  queryParams,
  serializeCluster,
} from '../src/model/cluster.ts';
import { hashOf, looksLikeAddress, parseHash } from '../src/model/route.ts';

test('the WebSocket URL defaults to the next port with the ws scheme, as surfpool serves it', () => {
  assert.equal(defaultWsUrl('http://127.0.0.1:8899'), 'ws://127.0.0.1:8900');
  assert.equal(defaultWsUrl('http://127.0.0.1:41234/'), 'ws://127.0.0.1:41235');
  assert.equal(defaultWsUrl('https://api.devnet.solana.com'), 'wss://api.devnet.solana.com');
  assert.equal(
    defaultWsUrl('https://rpc.example.com:8443/path'),
    'wss://rpc.example.com:8444/path',
  );
});

test('a loopback RPC is the local network, whatever its port', () => {
  for (const rpc of [
    'http://127.0.0.1:8899',
    'http://localhost:1234',
    'http://[::1]:9',
    'http://127.0.0.2:5',
  ]) {
    const c = clusterFromRpc(rpc);
    assert.equal(c.kind, 'localnet', rpc);
    assert.equal(c.chain, 'solana:localnet');
    assert.equal(demoWalletAllowed(c), true);
  }
  assert.equal(isLoopbackHost('example.com'), false);
  const devnet = clusterFromRpc(DEVNET_RPC);
  assert.deepEqual([devnet.kind, devnet.chain], ['devnet', 'solana:devnet']);
  const mainnet = clusterFromRpc(`${MAINNET_RPC}/`);
  assert.deepEqual([mainnet.kind, mainnet.chain], ['mainnet', 'solana:mainnet']);
  const custom = clusterFromRpc('https://my-devnet-node.example.com');
  assert.deepEqual([custom.kind, custom.chain], ['custom', 'solana:devnet']);
  assert.deepEqual(clusterFromRpc('https://rpc.example.com').chain, 'solana:mainnet');
  // the demo wallet never leaves this machine's network
  for (const c of [devnet, mainnet, custom]) assert.equal(demoWalletAllowed(c), false);
});

test('?rpc= first, then the saved choice, then the local network', () => {
  const q = (search: string, hash = '') => queryParams(search, hash);
  const fromQuery = initialCluster(
    q('?rpc=http%3A%2F%2F127.0.0.1%3A41000'),
    serializeCluster(presetCluster('devnet')),
  );
  assert.deepEqual(fromQuery, {
    kind: 'localnet',
    rpc: 'http://127.0.0.1:41000',
    ws: 'ws://127.0.0.1:41001',
    chain: 'solana:localnet',
  });
  const withWs = initialCluster(q('?rpc=http://127.0.0.1:41000&ws=ws://127.0.0.1:5000'), null);
  assert.equal(withWs.ws, 'ws://127.0.0.1:5000');
  const inHash = initialCluster(q('', '#/deposit?rpc=https://api.devnet.solana.com'), null);
  assert.equal(inHash.kind, 'devnet');
  assert.equal(initialCluster(q(''), serializeCluster(presetCluster('devnet'))).kind, 'devnet');
  assert.equal(initialCluster(q('?rpc=not-a-url'), null).rpc, LOCALNET_RPC);
  assert.equal(initialCluster(q(''), '{corrupt').rpc, LOCALNET_RPC);
  assert.equal(initialCluster(q(''), null).rpc, LOCALNET_RPC);
});

test('explorer links name the cluster', () => {
  const local = clusterFromRpc('http://127.0.0.1:41000');
  assert.equal(
    explorerTxUrl(local, 'abc'),
    'https://explorer.solana.com/tx/abc?cluster=custom&customUrl=http%3A%2F%2F127.0.0.1%3A41000',
  );
  assert.equal(
    explorerTxUrl(presetCluster('devnet'), 'abc'),
    'https://explorer.solana.com/tx/abc?cluster=devnet',
  );
  assert.equal(
    explorerAddressUrl(presetCluster('mainnet'), 'xyz'),
    'https://explorer.solana.com/address/xyz',
  );
});

test('hash routes', () => {
  const vault = 'HPADiQmrcwqDqVBW6cJiB2iMjCMh9WFS8eanJpVcmwJA';
  assert.deepEqual(parseHash(''), { page: 'overview', vault: null });
  assert.deepEqual(parseHash('#/'), { page: 'overview', vault: null });
  assert.deepEqual(parseHash('#/deposit'), { page: 'deposit', vault: null });
  assert.deepEqual(parseHash('#/withdraw?rpc=x'), { page: 'withdraw', vault: null });
  assert.deepEqual(parseHash(`#/vault/${vault}`), { page: 'overview', vault });
  assert.deepEqual(parseHash(`#/vault/${vault}/risk`), { page: 'risk', vault });
  assert.deepEqual(parseHash('#/vault/nope'), { page: 'overview', vault: null });
  assert.deepEqual(parseHash('#/unknown'), { page: 'overview', vault: null });
  assert.equal(hashOf('overview', vault), `#/vault/${vault}`);
  assert.equal(hashOf('overview', null), '#/');
  assert.equal(hashOf('operators', vault), '#/operators');
  assert.equal(looksLikeAddress(vault), true);
  assert.equal(looksLikeAddress('0OIl'), false);
});

// A world for the view-logic tests, built from accounts the Rust side serialised with the
// programs' own types (clients/js/test/vectors.json, written by
// crates/lrt-client/tests/ts_vectors.rs): the main vault at slot 4,536,000 (restaking
// epoch 10 of 432,000 slots), its four delegations, opt-ins, AVSs, slash requests and
// their ledgers, and its withdrawal buckets.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { registry, vault, type Addressed } from '@lrt/client';
import type { Address, Decoder } from '@solana/kit';

import type { AssetInfo, World } from '../src/model/world.ts';

type Raw = { kind: string; address: string; data: string };
const here = dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(
  readFileSync(join(here, '../../clients/js/test/vectors.json'), 'utf8'),
) as { accounts: Record<string, Raw>; slashes: Record<string, unknown>[] };

function read<T extends object>(name: string, decoder: Decoder<T>): Addressed<T> {
  const raw = vectors.accounts[name];
  if (!raw) throw new Error(`no account ${name} in vectors.json`);
  return { address: raw.address as Address, data: decoder.decode(Buffer.from(raw.data, 'base64')) };
}

/** The slot of the vectors' cases: mid restaking epoch 10. */
export const SLOT = 4_536_000n;
export const EPOCH_LENGTH = 432_000n;

export const WSOL = 'So11111111111111111111111111111111111111112' as Address;

/** Labels the tests can look for. */
export const LABELS: Record<string, string> = {
  '5PZRXSXM73JfQNL1U3FnYecjQyvLZ5d5ACBPRZnHvRJQ': 'operator-X',
  '6jbe51qP9owHSVbjoDD88bK86JNNfGoZUSL975eR6d3d': 'operator-Y',
  '663RJTeC6G8dAQXE657vr45rsNDEu6vUXDFxHHeUp4Qe': 'operator-Z',
  Bk2RGBRpu8XmMbfMVkNDazVNgCyFsXcj3XfiPZHMqZR6: 'operator-V',
  '62ADVsM6gFC5KZthapHzN7oYS2fT5yCnCoFPButzrweg': 'AVS one',
  '52HDakiRAgQWntgdP2cx13ZUUhAbVnEPF4fAsCMTDytd': 'AVS two',
};

const SYMBOLS = ['wSOL', 'spSOL', 'mnSOL'];

/** The vectors' main vault as the app loads it, at `slot` (the vectors' slot by default). */
export function mainWorld(overrides: Partial<World> = {}): World {
  const v = read('vaultMain', vault.getVaultDecoder());
  const names = (list: string[]) => list;
  const assets: AssetInfo[] = v.data.assets.slice(0, v.data.assetCount).map((a, index) => ({
    index,
    mint: a.mint,
    symbol: SYMBOLS[index]!,
    decimals: a.decimals,
    tokenProgram: a.tokenProgram,
    reserve: a.reserve,
  }));
  const requests = names([...Array(18).keys()].map((i) => `request${i}`)).map((n) =>
    read(n, registry.getSlashRequestDecoder()),
  );
  return {
    vaultAddress: v.address,
    vault: v.data,
    config: read('config', vault.getConfigDecoder()).data,
    slot: SLOT,
    // the cached prices are of Solana epoch 800: fresh
    solanaEpoch: 800n,
    pricing: new Map(),
    lrt: {
      mint: v.data.lrtMint,
      symbol: 'tLRT',
      name: 'Test LRT',
      supply: 247_777_778_878n,
      decimals: 9,
    },
    assets,
    registryConfig: read('registryConfig', registry.getRegistryConfigDecoder()).data,
    delegations: ['delegationX', 'delegationY', 'delegationZ', 'delegationV'].map((n) =>
      read(n, vault.getDelegationDecoder()),
    ),
    operators: [],
    bonds: [],
    operatorAvs: [...Array(10).keys()].map((i) =>
      read(`operatorAvs${i}`, registry.getOperatorAvsDecoder()),
    ),
    vaultAvs: [...Array(4).keys()].map((i) => read(`vaultAvs${i}`, registry.getVaultAvsDecoder())),
    avss: [1, 2, 3, 4, 5].map((i) => read(`avs${i}`, registry.getAvsDecoder())),
    requests,
    executions: ['execution15', 'execution16', 'execution6'].map((n) =>
      read(n, registry.getSlashExecutionDecoder()),
    ),
    epochSlashes: [0, 1, 2, 3].map(
      (i) => read(`epochSlash${i}`, registry.getVaultEpochSlashDecoder()).data,
    ),
    avsEpochSlashes: [0, 1, 2, 3, 4].map(
      (i) => read(`avsEpochSlash${i}`, registry.getVaultAvsEpochSlashDecoder()).data,
    ),
    captures: [read('capture10', registry.getVaultCaptureDecoder()).data],
    buckets: ['bucketMain10', 'bucketMain11'].map((n) =>
      read(n, vault.getWithdrawalBucketDecoder()),
    ),
    escrows: [],
    labels: LABELS,
    ...overrides,
  };
}

/** Another vault account of the vectors (`vaultPaused`, `vaultSlashWindow`, `vaultWiped`, ...). */
export function vaultNamed(name: string): vault.Vault {
  return read(name, vault.getVaultDecoder()).data;
}

/** A ticket or bucket account of the vectors. */
export function ticketNamed(name: string): Addressed<vault.WithdrawalTicket> {
  return read(name, vault.getWithdrawalTicketDecoder());
}
export function bucketNamed(name: string): Addressed<vault.WithdrawalBucket> {
  return read(name, vault.getWithdrawalBucketDecoder());
}

/** The expected pending slashes of the vectors' first slash case ("main vault at S10"). */
export function expectedPending(): {
  request: string;
  maxLossLamports: string;
  maxLossShareWad: string;
  depositMaxLoss: string;
}[] {
  const c = vectors.slashes[0] as {
    expect: {
      pending: {
        request: string;
        maxLossLamports: string;
        maxLossShareWad: string;
        depositMaxLoss: string;
      }[];
    };
    depositValueWad: string;
  };
  return c.expect.pending;
}

export function expectedDepositValueWad(): bigint {
  return BigInt((vectors.slashes[0] as { depositValueWad: string }).depositValueWad);
}

/** The demo's remote AVS emitter: 0xde150000000000000000000000000000000a0015, left-padded. */
export const DEMO_EMITTER = Uint8Array.from([
  ...Array<number>(12).fill(0),
  0xde,
  0x15,
  ...Array<number>(15).fill(0),
  0x0a,
  0x00,
  0x15,
]);

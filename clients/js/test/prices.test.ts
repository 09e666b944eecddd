// The pricing readers (src/helpers/prices.ts) against the real mainnet dumps in
// ../shared/fixtures/solana_lst (the ones the Rust readers are tested on): each stake pool
// and Marinade state reads the fields the fixture's expected file lists, and prices at the
// formula of crates/restaking-math/src/price.rs, computed here from those fields.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { Address } from '@solana/kit';

import {
  LAMPORTS_PER_SOL,
  WAD,
  marinadePriceWad,
  pricingAccounts,
  readMarinade,
  readStakePool,
  refreshedVault,
  stakePoolPriceWad,
  vault,
} from '../src/index.ts';

const fixtures = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/fixtures/solana_lst',
);
const have = existsSync(fixtures);

type Expected = {
  account_file: string;
  key_fields: Record<string, string | number>;
  /** An integer field of `key_fields`, exactly (JSON numbers above 2^53 lose digits). */
  int(field: string): bigint;
};

function dump(name: string): { data: Uint8Array; expected: Expected } {
  const text = readFileSync(join(fixtures, 'expected', name), 'utf8');
  const expected: Expected = {
    ...(JSON.parse(text) as Omit<Expected, 'int'>),
    int: (field) => {
      const digits = new RegExp(`"${field}": (\\d+)`).exec(text)?.[1];
      if (digits === undefined) throw new Error(`${name}: no ${field}`);
      return BigInt(digits);
    },
  };
  const account = JSON.parse(readFileSync(join(fixtures, expected.account_file), 'utf8')) as {
    account: { data: [string, string] };
  };
  return { data: new Uint8Array(Buffer.from(account.account.data[0], 'base64')), expected };
}

test('stake pools read and price as the vault program reads them', { skip: !have }, () => {
  const names = readdirSync(join(fixtures, 'expected')).filter((n) => n.includes('_stake_pool.'));
  assert.ok(names.length >= 10);
  for (const name of names) {
    const { data, expected } = dump(name);
    const reading = readStakePool(data);
    assert.ok(reading, name);
    const k = expected.key_fields;
    assert.equal(reading.poolMint, k.pool_mint, name);
    assert.equal(reading.totalLamports, expected.int('total_lamports'), name);
    assert.equal(reading.poolTokenSupply, expected.int('pool_token_supply'), name);
    assert.equal(reading.lastUpdateEpoch, expected.int('last_update_epoch'), name);
    const price = stakePoolPriceWad(reading)!;
    assert.equal(
      price,
      (expected.int('total_lamports') * WAD) / expected.int('pool_token_supply'),
      name,
    );
    assert.ok(price > WAD && price < 2n * WAD, `${name}: an LST is worth between 1 and 2 SOL`);
  }
  assert.equal(readStakePool(new Uint8Array(300)), null, 'account type 0 is not a pool');
});

test('Marinade states read and price msol_price / 2^32', { skip: !have }, () => {
  const names = readdirSync(join(fixtures, 'expected')).filter((n) => n.includes('marinade'));
  assert.ok(names.length >= 1);
  for (const name of names) {
    const { data, expected } = dump(name);
    const reading = readMarinade(data);
    assert.ok(reading, name);
    assert.equal(reading.msolMint, expected.key_fields.msol_mint);
    assert.equal(reading.msolPrice, expected.int('msol_price'));
    assert.equal(marinadePriceWad(reading), (reading.msolPrice * WAD) >> 32n);
  }
  const epoch793 = dump('mSOL_marinade_state.mainnet.epoch793.expected.json');
  // the fixture's decimal, truncated to 18 places: 1.296734792413190007
  assert.equal(marinadePriceWad(readMarinade(epoch793.data)!), 1_296734792_413190007n);
  assert.equal(readMarinade(new Uint8Array(600)), null, 'wrong discriminator');
});

// -- refresh_prices ------------------------------------------------------------------------

const WSOL = 'So11111111111111111111111111111111111111112' as Address;
const POOL_MINT = 'J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn' as Address;
const POOL = 'Jito4APyf642JPZPx3hGc6WWJ8zPKtRbRs4P815Awbb' as Address;

function vaultWith(priceEpochs: bigint[]): vault.Vault {
  const none = { __option: 'None' } as const;
  const zero = { pending: 0n, pendingEpoch: 0n, vesting: 0n, vestingEpoch: 0n, vested: 0n };
  const slot = (mint: Address, pricing: vault.PricingSource, priceEpoch: bigint) => ({
    mint,
    reserve: mint,
    tokenProgram: mint,
    pricing,
    decimals: 9,
    priceWad: 123n,
    priceEpoch,
    activeAmount: LAMPORTS_PER_SOL,
    queuedAmount: 0n,
    escrowedAmount: 0n,
    rewards: zero,
    depositCap: 10n ** 18n,
  });
  const assets = [
    slot(WSOL, { __kind: 'Wsol' }, priceEpochs[0]!),
    slot(POOL_MINT, { __kind: 'SplStakePool', pool: POOL }, priceEpochs[1]!),
  ];
  return {
    discriminator: vault.VAULT_DISCRIMINATOR,
    lrtMint: WSOL,
    curator: WSOL,
    feeAdmin: WSOL,
    pendingCurator: none,
    pendingFeeAdmin: none,
    deadSharesAccount: WSOL,
    shareSupply: LAMPORTS_PER_SOL,
    bondedShares: 0n,
    insuranceShares: 0n,
    treasuryShares: 0n,
    allocations: { epoch: 0n, previous: 0n, current: 0n, next: 0n, later: 0n },
    insuranceCutBps: 0,
    fees: {
      current: { depositBps: 0, withdrawalBps: 0, rewardBps: 0 },
      next: { depositBps: 0, withdrawalBps: 0, rewardBps: 0 },
      effectiveEpoch: 0n,
    },
    depositsPaused: false,
    withdrawalsPaused: false,
    slashWindow: { untilSlot: 0n, factorWad: WAD },
    wipedOut: false,
    assetCount: 2,
    assets: [...assets, ...Array.from({ length: 6 }, () => assets[0]!)],
    bump: 255,
    reserved: new Uint8Array(0),
  };
}

test('refresh_prices re-reads every price once per Solana epoch', { skip: !have }, () => {
  const pool = dump('jitoSOL_stake_pool.mainnet.epoch793.expected.json');
  const accounts = new Map([[POOL, pool.data]]);
  const fresh = vaultWith([793n, 793n]);
  assert.deepEqual(pricingAccounts(fresh), [POOL]);
  const same = refreshedVault(fresh, 793n, accounts);
  assert.ok(same.ok && !same.refreshed && same.vault === fresh, 'all fresh: nothing changes');

  const stale = refreshedVault(vaultWith([792n, 793n]), 793n, accounts);
  assert.ok(stale.ok && stale.refreshed);
  assert.equal(stale.vault.assets[0]!.priceWad, WAD);
  assert.equal(
    stale.vault.assets[1]!.priceWad,
    (pool.expected.int('total_lamports') * WAD) / pool.expected.int('pool_token_supply'),
  );
  assert.deepEqual(
    stale.vault.assets.slice(0, 2).map((a) => a.priceEpoch),
    [793n, 793n],
  );

  // a pool its manager did not update this epoch refuses, as the program does
  const late = refreshedVault(vaultWith([792n, 792n]), 794n, accounts);
  assert.deepEqual(late, {
    ok: false,
    code: vault.LRT_VAULT_ERROR__STAKE_POOL_NOT_UPDATED,
    assetIndex: 1,
  });
  const missing = refreshedVault(vaultWith([792n, 792n]), 793n, new Map());
  assert.equal(missing.ok, false);
  assert.equal(!missing.ok && missing.code, vault.LRT_VAULT_ERROR__MISSING_PRICING_ACCOUNT);
});

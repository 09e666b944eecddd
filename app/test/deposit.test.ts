// The deposit form's view logic: the preview is the program's arithmetic (the helpers'
// `previewDeposit`, checked against Rust in clients/js), shown after the fee; the guards
// default as `lrt deposit` signs them; every reason the deposit cannot be signed comes out
// in words, in the order a depositor can act on; prices refreshed in the same transaction
// are the ones previewed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { WAD, nowFrom, pendingSlashes, previewDeposit, refreshedVault, vault } from '@lrt/client';
import type { Address } from '@solana/kit';

import {
  DEFAULT_SLIPPAGE_BPS,
  WRAP_HEADROOM_LAMPORTS,
  capRoom,
  depositView,
  exposureTotals,
  lessSlippage,
  parsePercentBps,
  rateText,
  wrappableLamports,
  type DepositContext,
  type DepositForm,
} from '../src/model/deposit.ts';
import { slashAccounts } from '../src/model/world.ts';
import { SLOT, WSOL, expectedPending, mainWorld, vaultNamed } from './fixtures.ts';

const world = mainWorld();
const now = nowFrom(world.config, SLOT);
const fresh = refreshedVault(world.vault, world.solanaEpoch, world.pricing);

function ctx(overrides: Partial<DepositContext> = {}): DepositContext {
  return {
    vault: world.vault,
    refresh: fresh,
    now,
    protocolPaused: false,
    assets: world.assets,
    balance: { token: 50n * 10n ** 9n, wrappable: 0n },
    pending: [],
    ...overrides,
  };
}

const form = (f: Partial<DepositForm> = {}): DepositForm => ({
  assetIndex: 1,
  amountText: '2.5',
  minOutText: null,
  maxFeeText: null,
  ...f,
});

test('the preview is the program’s quote after the fee, at the fee in force', () => {
  const view = depositView(form(), ctx(), 'tLRT');
  const expected = previewDeposit(world.vault, now, 1, 2_500_000_000n);
  assert.ok(expected.quote);
  assert.equal(view.amount, 2_500_000_000n);
  assert.equal(view.lrtOut, expected.quote.netShares);
  assert.equal(view.feeLrt, expected.quote.feeShares);
  assert.equal(view.valueWad, 2_500_000_000n * world.vault.assets[1]!.priceWad);
  // the main vault charges 0.1% now and announced 0.25% from epoch 11
  assert.equal(view.fee.bps, 10);
  assert.deepEqual(view.fee.next, { bps: 25, fromEpoch: 11n });
  assert.equal(view.maxFeeBps, 10, 'the fee guard signs for the fee in force');
  // fee = ceil(shares x 10 / 10_000) and lrtOut + fee = every share minted
  const shares = expected.quote.shares;
  assert.equal(view.feeLrt, (shares * 10n + 9_999n) / 10_000n);
  assert.equal(view.lrtOut! + view.feeLrt!, shares);
  assert.equal(view.disabledReason, null);
});

test('the minimum-out guard follows the preview less 0.5%, unless typed', () => {
  const auto = depositView(form(), ctx(), 'tLRT');
  assert.equal(DEFAULT_SLIPPAGE_BPS, 50);
  assert.equal(auto.minOutAuto, true);
  assert.equal(auto.minOut, auto.lrtOut! - (auto.lrtOut! * 50n) / 10_000n);
  assert.equal(lessSlippage(1_000_000n, 50), 995_000n);

  const typed = depositView(form({ minOutText: '1' }), ctx(), 'tLRT');
  assert.equal(typed.minOut, 1_000_000_000n);
  assert.equal(typed.minOutAuto, false);
  assert.equal(typed.disabledReason, null);

  // a minimum above what the deposit buys: the vault would refuse (SlippageExceeded)
  const above = depositView(form({ minOutText: '1000' }), ctx(), 'tLRT');
  assert.match(above.disabledReason ?? '', /minimum you accept is above/);
  const junk = depositView(form({ minOutText: '1.2.3' }), ctx(), 'tLRT');
  assert.match(junk.disabledReason ?? '', /^Minimum LRT: not a number/);
});

test('the fee guard: a maximum below the fee in force cannot be signed', () => {
  const low = depositView(form({ maxFeeText: '0.05' }), ctx(), 'tLRT');
  assert.equal(low.maxFeeBps, 5);
  assert.equal(low.disabledReason, 'The deposit fee in force is 0.1%, above the 0.05% you accept.');
  const higher = depositView(form({ maxFeeText: '0.25%' }), ctx(), 'tLRT');
  assert.equal(higher.maxFeeBps, 25);
  assert.equal(higher.disabledReason, null);
  assert.deepEqual(parsePercentBps('101'), { ok: false, error: 'at most 100%' });
  assert.deepEqual(parsePercentBps('0.1'), { ok: true, bps: 10 });
});

test('disabled reasons, in words and in order', () => {
  const reason = (f: Partial<DepositForm>, c: Partial<DepositContext> = {}) =>
    depositView(form(f), ctx(c), 'tLRT').disabledReason;
  assert.equal(reason({}, { balance: null }), 'Connect a wallet to deposit.');
  assert.equal(
    reason({}, { protocolPaused: true, balance: null }),
    'The protocol is paused: deposits are refused until the admin unpauses it.',
  );
  const paused = vaultNamed('vaultPaused');
  assert.equal(paused.depositsPaused, true);
  assert.equal(
    reason({}, { vault: paused }),
    'Deposits into this vault are paused by its curator.',
  );
  assert.equal(reason({ amountText: '' }), 'Enter an amount to deposit.');
  assert.equal(reason({ amountText: '0' }), 'Enter an amount to deposit.');
  assert.equal(
    reason({ amountText: 'abc' }),
    'Amount: not a number: use digits and one decimal point.',
  );
  assert.equal(reason({ amountText: '1.0000000001' }), 'Amount: at most 9 decimals.');
  assert.equal(reason({ amountText: '51' }), 'Insufficient balance: you hold 50 spSOL.');
  // spSOL's cap is 100 spSOL and the vault holds 80.012345678 of it
  const room = capRoom(world.vault.assets[1]!);
  assert.equal(room, 100_000_000_000n - 80_012_345_678n);
  assert.equal(
    reason({ amountText: '20' }),
    'Over the deposit cap: the vault takes at most 19.987654322 more spSOL.',
  );
  assert.equal(reason({ amountText: '19.987654322' }), null, 'exactly the room left');
  // a slash window: deposits reopen at its slot
  const window = vaultNamed('vaultSlashWindow');
  assert.ok(window.slashWindow.untilSlot > SLOT);
  assert.equal(
    reason({}, { vault: window }),
    `A slash of this vault can still be cancelled: deposits reopen at slot ${window.slashWindow.untilSlot}.`,
  );
  const wiped = vaultNamed('vaultWiped');
  assert.match(reason({}, { vault: wiped }) ?? '', /wiped this vault out|cancelled/);
  // a refresh that would fail is said before anything else the depositor types
  assert.equal(
    reason(
      {},
      {
        refresh: { ok: false, code: vault.LRT_VAULT_ERROR__STAKE_POOL_NOT_UPDATED, assetIndex: 1 },
      },
    ),
    'Prices cannot be refreshed for spSOL: The stake pool was not updated in this epoch: run its update first.',
  );
});

test('Max fills the spendable balance within the cap; wSOL wraps what the account lacks', () => {
  const small = depositView(form({ amountText: '' }), ctx(), 'tLRT');
  assert.equal(small.maxAmount, 19_987_654_322n, 'the cap room is below the balance of 50');
  const rich = depositView(form({ assetIndex: 0, amountText: '' }), ctx(), 'tLRT');
  assert.equal(rich.maxAmount, 50n * 10n ** 9n, 'wSOL has no cap: the balance');

  const sol = 10n * 10n ** 9n;
  const wsolAsset = world.assets[0]!;
  assert.equal(wrappableLamports(wsolAsset, sol, WSOL), sol - WRAP_HEADROOM_LAMPORTS);
  assert.equal(wrappableLamports(world.assets[1]!, sol, WSOL), 0n, 'only wSOL wraps');
  const balance = { token: 2n * 10n ** 9n, wrappable: wrappableLamports(wsolAsset, sol, WSOL) };
  const wrap = depositView(form({ assetIndex: 0, amountText: '3.5' }), ctx({ balance }), 'tLRT');
  assert.equal(wrap.wrapLamports, 1_500_000_000n, 'the part the wSOL account lacks');
  assert.equal(wrap.disabledReason, null);
  assert.equal(wrap.maxAmount, balance.token + balance.wrappable);
  const tooMuch = depositView(form({ assetIndex: 0, amountText: '12' }), ctx({ balance }), 'tLRT');
  assert.equal(
    tooMuch.disabledReason,
    'Insufficient balance: you hold 2 wSOL (plus 9.99 SOL to wrap).',
  );
  const noWrap = depositView(form({ assetIndex: 0, amountText: '1' }), ctx({ balance }), 'tLRT');
  assert.equal(noWrap.wrapLamports, 0n, 'the account holds enough');
});

test('the rate is the LRT one whole token buys at the deposit’s price', () => {
  const view = depositView(form(), ctx(), 'tLRT');
  const quote = view.preview!.quote!;
  const expectedShares = (10n ** 9n * quote.priceWad) / quote.sharePriceWad!;
  assert.equal(
    view.rateText,
    rateText(world.assets[1]!, quote.priceWad, quote.sharePriceWad, 'tLRT'),
  );
  assert.equal(view.rateText, `1 spSOL = ${decimal(expectedShares)} tLRT`);
  // with no shares yet, one lamport of value buys one share
  assert.equal(rateText(world.assets[0]!, WAD, null, 'tLRT'), '1 wSOL = 1 tLRT');
});

test('prices the deposit will refresh are the prices previewed', () => {
  // the cached prices are of Solana epoch 800; at 801 the stake pool's rate is re-read
  const pool = (world.vault.assets[1]!.pricing as { pool: Address }).pool;
  const state = (world.vault.assets[2]!.pricing as { state: Address }).state;
  const data = new Uint8Array(611);
  data[0] = 1;
  data.set(Buffer.from(bs58ToBytes(world.vault.assets[1]!.mint)), 162);
  const u64 = (v: bigint, at: number) =>
    data.set(new Uint8Array(new BigUint64Array([v]).buffer), at);
  u64(1_100n * 10n ** 9n, 258); // total lamports
  u64(1_000n * 10n ** 9n, 266); // pool tokens: 1.1 SOL each
  u64(801n, 274);
  const marinade = new Uint8Array(520);
  marinade.set([0xd8, 0x92, 0x6b, 0x5e, 0x68, 0x4b, 0xb6, 0xb1], 0);
  marinade.set(Buffer.from(bs58ToBytes(world.vault.assets[2]!.mint)), 8);
  marinade.set(new Uint8Array(new BigUint64Array([5n << 30n]).buffer), 512); // 1.25 SOL
  const refresh = refreshedVault(
    world.vault,
    801n,
    new Map([
      [pool, data],
      [state, marinade],
    ]),
  );
  assert.ok(refresh.ok && refresh.refreshed);
  assert.equal(refresh.vault.assets[1]!.priceWad, 1_100_000_000_000_000_000n);
  assert.equal(refresh.vault.assets[2]!.priceWad, 1_250_000_000_000_000_000n);
  const view = depositView(form(), ctx({ vault: refresh.vault, refresh }), 'tLRT');
  assert.equal(view.pricesRefreshed, true);
  assert.equal(view.valueWad, 2_500_000_000n * 1_100_000_000_000_000_000n);
  assert.equal(view.lrtOut, previewDeposit(refresh.vault, now, 1, 2_500_000_000n).quote!.netShares);
  assert.notEqual(view.lrtOut, depositView(form(), ctx(), 'tLRT').lrtOut, 'the price moved');
});

test('a deposit’s exposure to pending slashes is the helpers’, as lrt computes it', () => {
  const accounts = slashAccounts(world)!;
  const pending = pendingSlashes(accounts, now);
  const expected = expectedPending();
  assert.deepEqual(
    pending.map((p) => p.request),
    expected.map((e) => e.request),
  );
  // the most each can take of a 10 wSOL deposit: the same share of its lamports, rounded up
  const view = depositView(form({ assetIndex: 0, amountText: '10' }), ctx({ pending }), 'tLRT');
  assert.equal(view.exposure.length, pending.length);
  for (const [i, p] of pending.entries()) {
    const lamports = view.valueWad! / WAD;
    const ceil = (lamports * p.maxLossShareWad + WAD - 1n) / WAD;
    assert.equal(view.exposure[i], ceil, `request ${p.request}`);
  }
  const totals = exposureTotals(pending, view.exposure);
  assert.equal(
    totals.vault,
    pending.reduce((s, p) => s + p.maxLossLamports, 0n),
  );
  assert.equal(
    totals.deposit,
    view.exposure.reduce((s, x) => s + x, 0n),
  );
});

function bs58ToBytes(text: string): Uint8Array {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = 0n;
  for (const c of text) n = n * 58n + BigInt(alphabet.indexOf(c));
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** Base units as a decimal without trailing zeros, written here independently of the app. */
function decimal(value: bigint): string {
  const whole = value / 10n ** 9n;
  const fraction = (value % 10n ** 9n).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

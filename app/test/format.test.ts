// Numbers as shown: exact amounts from bigints (every decimal, no float), parsing back,
// percentages of bps and WADs, prices, durations.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { WAD } from '@lrt/client';

import {
  formatBps,
  formatDuration,
  formatSharePrice,
  formatTokenPrice,
  formatUnits,
  formatUnitsShort,
  formatValueSol,
  formatWadPercent,
  parseUnits,
  plural,
  ratioWad,
  shortAddress,
} from '../src/model/format.ts';

test('token amounts keep every decimal and read back exactly', () => {
  assert.equal(formatUnits(1_500_000_000n, 9), '1.5');
  assert.equal(formatUnits(1n, 9), '0.000000001');
  assert.equal(formatUnits(0n, 9), '0');
  assert.equal(formatUnits(123_456_789_012_345_678_901n, 9), '123456789012.345678901');
  assert.equal(formatUnits(-5n, 2), '-0.05');
  assert.equal(formatUnits(42n, 0), '42');
  for (const v of [0n, 1n, 10n, 999_999_999n, 1_000_000_000n, 18_446_744_073_709_551_615n]) {
    const parsed = parseUnits(formatUnits(v, 9), 9);
    assert.deepEqual(parsed, { ok: true, value: v });
  }
  // beyond 2^53 a float would lose the last digits; bigints do not
  assert.equal(formatUnits(9_007_199_254_740_993n, 9), '9007199.254740993');
});

test('typed amounts', () => {
  assert.deepEqual(parseUnits(' 2 ', 9), { ok: true, value: 2_000_000_000n });
  assert.deepEqual(parseUnits('.25', 9), { ok: true, value: 250_000_000n });
  assert.deepEqual(parseUnits('3.', 9), { ok: true, value: 3_000_000_000n });
  assert.deepEqual(parseUnits('1,5', 9), { ok: true, value: 1_500_000_000n });
  assert.deepEqual(parseUnits('', 9), { ok: false, error: 'enter an amount' });
  assert.deepEqual(parseUnits('.', 9), {
    ok: false,
    error: 'not a number: use digits and one decimal point',
  });
  assert.deepEqual(parseUnits('1e3', 9), {
    ok: false,
    error: 'not a number: use digits and one decimal point',
  });
  assert.deepEqual(parseUnits('-1', 9), {
    ok: false,
    error: 'not a number: use digits and one decimal point',
  });
  assert.deepEqual(parseUnits('0.1234', 2), { ok: false, error: 'at most 2 decimals' });
});

test('summaries, values and prices', () => {
  assert.equal(formatUnitsShort(1_234_567_891n, 9, 4), '1.2345');
  assert.equal(formatUnitsShort(1n, 9, 4), '< 0.0001');
  assert.equal(formatUnitsShort(5n, 2, 4), '0.05');
  assert.equal(formatValueSol(305_123_456_789n * WAD + 999n), '305.123456789');
  // dsSOL at 1.2057 SOL per token, 9 decimals
  assert.equal(formatTokenPrice(1_205_700_000_000_000_000n, 9, 6), '1.2057');
  // a 6-decimal token at 150 lamports per raw unit: 0.15 SOL per token
  assert.equal(formatTokenPrice(150n * WAD, 6, 6), '0.15');
  assert.equal(formatSharePrice(1_033_269_601_244_531_318n), '1.033269601');
  assert.equal(formatSharePrice(WAD), '1');
});

test('percentages', () => {
  assert.equal(formatBps(10), '0.1%');
  assert.equal(formatBps(1250), '12.5%');
  assert.equal(formatBps(0), '0%');
  assert.equal(formatBps(10_000), '100%');
  assert.equal(formatWadPercent(WAD / 3n), '33.33%');
  assert.equal(formatWadPercent(WAD / 3n, 4), '33.3333%');
  assert.equal(formatWadPercent(3n * 10n ** 17n), '30%');
  assert.equal(ratioWad(1n, 4n), WAD / 4n);
  assert.equal(ratioWad(1n, 0n), 0n);
});

test('durations, addresses, plurals', () => {
  assert.equal(formatDuration(0), 'now');
  assert.equal(formatDuration(45_000), 'about 45 s');
  assert.equal(formatDuration(80_000), 'about 1 min 20 s');
  assert.equal(formatDuration(3_600_000 * 3 + 300_000), 'about 3 h 5 min');
  assert.equal(formatDuration(86_400_000 * 2 + 3_600_000 * 4), 'about 2 d 4 h');
  assert.equal(shortAddress('4rRBwpUxrALExTZhT3aUhXGrmbVbUNtRFfJgpdPnNg7v'), '4rRB…Ng7v');
  assert.equal(shortAddress('short'), 'short');
  assert.equal(plural(1, 'ticket'), '1 ticket');
  assert.equal(plural(2n, 'ticket'), '2 tickets');
});

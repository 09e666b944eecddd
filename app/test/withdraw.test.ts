// The withdraw screen's view logic: the basket is the program's (the helpers'
// `previewWithdrawal`), the cooldown is the next epoch's bucket claimable one epoch later
// with a countdown in slots and an estimate, tickets show where they stand (the bucket's
// own rule) with what they pay at the bucket's scale, and a new ticket takes the next id.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { WAD, nowFrom, previewWithdrawal } from '@lrt/client';

import { cooldownOf, nextTicketId, ticketRows, withdrawView } from '../src/model/withdraw.ts';
import { EPOCH_LENGTH, SLOT, bucketNamed, mainWorld, ticketNamed, vaultNamed } from './fixtures.ts';

const world = mainWorld();
const now = nowFrom(world.config, SLOT);

test('the cooldown: the next epoch’s bucket, claimable from the epoch after, with a countdown', () => {
  const c = cooldownOf(now);
  assert.equal(c.epoch, 10n);
  assert.equal(c.bucketEpoch, 11n);
  assert.equal(c.claimableFromEpoch, 12n);
  assert.equal(c.claimableFromSlot, 12n * EPOCH_LENGTH);
  assert.equal(c.slotsLeft, 12n * EPOCH_LENGTH - SLOT);
  assert.equal(c.estimatedMs, Number(12n * EPOCH_LENGTH - SLOT) * 400);
  assert.match(c.text, /bucket of epoch 11 \(this is epoch 10\)/);
  assert.match(
    c.text,
    /claimed from epoch 12, which starts at slot 5184000: in 648000 slots, about 3 d /,
  );
  assert.match(c.exposureText, /epochs 9 and 10/);
  // at another slot time the estimate scales, the slots do not
  assert.equal(cooldownOf(now, 100).estimatedMs, Number(c.slotsLeft) * 100);
});

test('the basket out is the program’s, per asset, after the fee', () => {
  const lrtBalance = 20n * 10n ** 9n;
  const bucket = bucketNamed('bucketMain11').data;
  const view = withdrawView('10', {
    vault: world.vault,
    now,
    protocolPaused: false,
    assets: world.assets,
    lrtBalance,
    nextBucket: bucket,
  });
  const expected = previewWithdrawal(world.vault, now, 10n * 10n ** 9n, {
    ownerShares: lrtBalance,
    bucket,
  });
  assert.equal(view.disabledReason, null);
  assert.equal(view.shares, 10n * 10n ** 9n);
  assert.equal(view.feeLrt, expected.feeShares);
  assert.equal(view.feeLrt, 10_000_000n, '0.1% of 10 LRT');
  assert.deepEqual(
    view.basket.map((b) => [b.asset.symbol, b.amount]),
    world.assets.map((a) => [a.symbol, expected.amounts![a.index]]),
  );
  assert.equal(view.valueWad, expected.valueWad);
  assert.equal(view.maxShares, lrtBalance);
});

test('withdraw disabled reasons', () => {
  const reason = (text: string, over: Partial<Parameters<typeof withdrawView>[1]> = {}) =>
    withdrawView(text, {
      vault: world.vault,
      now,
      protocolPaused: false,
      assets: world.assets,
      lrtBalance: 5n * 10n ** 9n,
      nextBucket: null,
      ...over,
    }).disabledReason;
  assert.equal(reason('1', { lrtBalance: null }), 'Connect a wallet to withdraw.');
  assert.equal(reason(''), 'Enter the LRT to withdraw.');
  assert.equal(reason('x'), 'Amount: not a number: use digits and one decimal point.');
  assert.equal(reason('6'), 'Insufficient balance: you hold 5 LRT.');
  assert.match(reason('1', { protocolPaused: true }) ?? '', /protocol is paused/);
  const paused = { ...world.vault, withdrawalsPaused: true };
  assert.match(reason('1', { vault: paused }) ?? '', /paused by its curator \(claims still work\)/);
  // too small to pay anything: the program's refusal in words
  assert.equal(reason('0.000000001'), 'The withdrawal is too small to return any asset.');
  assert.equal(reason('1'), null);
});

test('tickets: waiting, held by a slash, claimable, with what each pays', () => {
  const ticket = ticketNamed('ticket11');
  const bucket = bucketNamed('bucketMain11');
  assert.equal(ticket.data.bucketEpoch, 11n);
  // epoch 10: waiting for epoch 12
  const [waiting] = ticketRows([ticket], [bucket], world.assets, now);
  assert.ok(waiting);
  assert.equal(waiting.state, 'waiting');
  assert.equal(waiting.claimableFromSlot, 12n * EPOCH_LENGTH);
  assert.equal(waiting.slotsLeft, 12n * EPOCH_LENGTH - SLOT);
  assert.match(waiting.statusText, /^Claimable from epoch 12 \(slot 5184000\): in 648000 slots/);
  // the bucket was slashed: its scale is below one, and the payout is at that scale
  assert.equal(waiting.slashed, true);
  assert.equal(waiting.slashedFractionWad, WAD - bucket.data.scaleWad);
  assert.match(waiting.statusText, /A slash took 6\.9999% of its bucket\.$/);
  for (const p of waiting.payout) {
    const unscaled = ticket.data.unscaledAmounts[p.asset.index]!;
    assert.equal(p.amount, (unscaled * bucket.data.scaleWad) / WAD, p.asset.symbol);
  }
  // epoch 12: claimable, the countdown at zero
  const later = nowFrom(world.config, 12n * EPOCH_LENGTH + 5n);
  const [due] = ticketRows([ticket], [bucket], world.assets, later);
  assert.equal(due!.state, 'claimable');
  assert.equal(due!.slotsLeft, 0n);
  assert.match(due!.statusText, /^Claimable now\./);
  // a bucket held by a cancellable slash: matured but waiting for the hold
  const held = bucketNamed('bucketMain11Held');
  assert.ok(held.data.holdUntilSlot > 12n * EPOCH_LENGTH);
  const [h] = ticketRows([ticket], [held], world.assets, later);
  assert.equal(h!.state, 'held');
  assert.equal(h!.claimableFromSlot, held.data.holdUntilSlot);
  assert.match(h!.statusText, /can still be cancelled: claimable from slot/);
  // a ticket whose bucket is gone is not listed; rows come in id order
  assert.deepEqual(ticketRows([ticket], [], world.assets, now), []);
  const t13 = ticketNamed('ticket13');
  const rows = ticketRows(
    [t13, ticket],
    [bucket, bucketNamed('bucketMain13Deep')],
    world.assets,
    now,
  );
  assert.deepEqual(
    rows.map((r) => r.id),
    [ticket.data.id, t13.data.id].sort((a, b) => (a < b ? -1 : 1)),
  );
});

test('a new ticket takes one above the highest id', () => {
  assert.equal(nextTicketId([]), 0n);
  const t = ticketNamed('ticket11');
  const t13 = ticketNamed('ticket13');
  const max = t.data.id > t13.data.id ? t.data.id : t13.data.id;
  assert.equal(nextTicketId([t, t13]), max + 1n);
  assert.ok(vaultNamed('vaultMain'));
});

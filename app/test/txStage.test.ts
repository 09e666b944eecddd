// The transaction stage machine: signing, sending, confirmed or failed, in that order only.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { txBusy, txReducer, type TxState } from '../src/model/txStage.ts';

const error = { message: 'The deposit would exceed the cap.', whatToDo: 'Deposit less.' };

test('signing, sending, confirmed, with signatures and balances', () => {
  let s: TxState = { stage: 'idle' };
  s = txReducer(s, { type: 'start', label: 'Deposit 1 dsSOL' });
  assert.deepEqual(s, { stage: 'signing', label: 'Deposit 1 dsSOL' });
  assert.equal(txBusy(s), true);
  assert.equal(txReducer(s, { type: 'confirmed' }), s, 'no confirmation before sending');
  assert.equal(txReducer(s, { type: 'start', label: 'again' }), s, 'one transaction at a time');
  s = txReducer(s, { type: 'signed', signatures: ['sig1'] });
  assert.deepEqual(s, { stage: 'sending', label: 'Deposit 1 dsSOL', signatures: ['sig1'] });
  s = txReducer(s, { type: 'confirmed' });
  assert.equal(s.stage, 'confirmed');
  assert.equal(txBusy(s), false);
  s = txReducer(s, { type: 'balances', balances: [{ label: 'drSOL', amount: '1.2 drSOL' }] });
  assert.deepEqual(s.stage === 'confirmed' && s.balances, [
    { label: 'drSOL', amount: '1.2 drSOL' },
  ]);
  s = txReducer(s, { type: 'dismiss' });
  assert.deepEqual(s, { stage: 'idle' });
});

test('failed while signing or sending; a new transaction after the last ends', () => {
  const signing = txReducer({ stage: 'idle' }, { type: 'start', label: 'Claim' });
  const failed = txReducer(signing, { type: 'failed', error, landed: [] });
  assert.deepEqual(failed, { stage: 'failed', label: 'Claim', signatures: [], error });
  const sending = txReducer(signing, { type: 'signed', signatures: ['a', 'b'] });
  // only the transactions that reached the chain get an explorer link
  const failedLate = txReducer(sending, { type: 'failed', error, landed: ['a'] });
  assert.deepEqual(failedLate.stage === 'failed' && failedLate.signatures, ['a']);
  const refused = txReducer(sending, { type: 'failed', error, landed: [] });
  assert.deepEqual(refused.stage === 'failed' && refused.signatures, []);
  assert.equal(txReducer(failed, { type: 'confirmed' }), failed);
  assert.equal(txReducer(failed, { type: 'start', label: 'Retry' }).stage, 'signing');
  assert.equal(txReducer({ stage: 'idle' }, { type: 'failed', error, landed: [] }).stage, 'idle');
});

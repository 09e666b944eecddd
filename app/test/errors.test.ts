// Failures in words: the wallet declining, a program refusing in the RPC's simulation or
// on chain (by the program the failing instruction calls: the vault's and the registry's
// codes overlap), the cluster refusing the transaction, an expired blockhash.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { registry, vault } from '@lrt/client';
import {
  SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE,
  SolanaError,
  type Address,
} from '@solana/kit';

import {
  TransactionExpiredError,
  TransactionFailedError,
  explainFailure,
  failureOf,
  sentence,
  vaultRefusal,
} from '../src/model/errors.ts';
import { ASSOCIATED_TOKEN_PROGRAM, TOKEN_2022_PROGRAM } from '../src/model/tokens.ts';

const PROGRAMS = {
  vault: vault.LRT_VAULT_PROGRAM_ADDRESS,
  registry: registry.SLASHER_REGISTRY_PROGRAM_ADDRESS,
};
/** A deposit transaction's programs: ATA, refresh_prices, deposit. */
const DEPOSIT: Address[] = [ASSOCIATED_TOKEN_PROGRAM, PROGRAMS.vault, PROGRAMS.vault];

function preflight(cause: SolanaError): SolanaError {
  return new SolanaError(SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE, {
    accounts: null,
    cause,
    logs: ['Program log: refused'],
    unitsConsumed: 0n,
  } as never);
}

test('a vault refusal in simulation: the program’s message and what to do', () => {
  const error = preflight(
    new SolanaError(SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM, {
      code: vault.LRT_VAULT_ERROR__DEPOSIT_CAP_EXCEEDED,
      index: 2,
    }),
  );
  const failure = failureOf(error, DEPOSIT);
  assert.deepEqual(failure, {
    kind: 'custom',
    index: 2,
    program: PROGRAMS.vault,
    code: vault.LRT_VAULT_ERROR__DEPOSIT_CAP_EXCEEDED,
  });
  const words = explainFailure(failure, PROGRAMS);
  assert.equal(words.message, "The deposit would exceed the asset's deposit cap.");
  assert.match(words.whatToDo, /Deposit less/);
  assert.equal(words.program, 'lrt_vault');
  assert.equal(words.code, 6035);
});

test('a SolanaError from another copy of @solana/errors is read by its name and code', () => {
  // npm nests several copies of @solana/errors; the RPC's error may not be an instance of
  // the class this app imports
  class ForeignError extends Error {
    context: Record<string, unknown>;
    constructor(context: Record<string, unknown>, cause?: unknown) {
      super('Solana error #' + String(context.__code), { cause });
      this.name = 'SolanaError';
      this.context = context;
    }
  }
  const cause = new ForeignError({
    __code: SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM,
    code: vault.LRT_VAULT_ERROR__DEPOSIT_CAP_EXCEEDED,
    index: 2,
  });
  const error = new ForeignError(
    { __code: SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE },
    cause,
  );
  assert.equal(error instanceof SolanaError, false);
  const words = explainFailure(failureOf(error, DEPOSIT), PROGRAMS);
  assert.equal(words.message, "The deposit would exceed the asset's deposit cap.");
});

test('a failure confirmed on chain reads the same way', () => {
  const error = new TransactionFailedError('sig', {
    InstructionError: [2, { Custom: vault.LRT_VAULT_ERROR__FEE_ABOVE_MAXIMUM }],
  });
  const words = explainFailure(failureOf(error, DEPOSIT), PROGRAMS);
  assert.match(words.message, /^The fee in force is above the maximum fee the transaction accepts/);
  assert.match(words.whatToDo, /Review the fee in force/);
});

test('the same code from the registry is the registry’s error', () => {
  const failure = failureOf(
    new SolanaError(SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM, { code: 6026, index: 0 }),
    [PROGRAMS.registry],
  );
  const words = explainFailure(failure, PROGRAMS);
  assert.equal(words.message, 'The slash request was vetoed.');
  assert.equal(words.program, 'slasher_registry');
  assert.notEqual(vaultRefusal(6026).message, words.message);
});

test('token, system and Anchor errors', () => {
  const token = explainFailure(
    { kind: 'custom', index: 0, program: TOKEN_2022_PROGRAM, code: 1 },
    PROGRAMS,
  );
  assert.match(token.message, /^Insufficient funds/);
  const system = explainFailure(
    { kind: 'custom', index: 0, program: '11111111111111111111111111111111' as Address, code: 1 },
    PROGRAMS,
  );
  assert.match(system.message, /not enough SOL/);
  const anchor = explainFailure(
    { kind: 'custom', index: 1, program: PROGRAMS.vault, code: 3012 },
    PROGRAMS,
  );
  assert.match(anchor.message, /does not exist yet \(Anchor error 3012\)\.$/);
});

test('declined, expired, cluster refusals and the network', () => {
  assert.deepEqual(failureOf(new Error('User rejected the request.'), DEPOSIT), {
    kind: 'rejected',
  });
  assert.deepEqual(failureOf({ code: 4001, message: 'no' }, DEPOSIT), { kind: 'rejected' });
  assert.match(explainFailure({ kind: 'rejected' }, PROGRAMS).whatToDo, /Nothing was sent/);
  assert.deepEqual(failureOf(new TransactionExpiredError('sig'), DEPOSIT), { kind: 'expired' });
  const fee = failureOf(
    new SolanaError(SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE),
    DEPOSIT,
  );
  assert.deepEqual(fee, {
    kind: 'transaction',
    solanaCode: SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE,
  });
  assert.match(explainFailure(fee, PROGRAMS).message, /not enough SOL to pay the transaction fee/);
  const onChain = failureOf(new TransactionFailedError('sig', 'InsufficientFundsForFee'), DEPOSIT);
  assert.deepEqual(onChain, fee);
  const network = failureOf(new TypeError('Failed to fetch'), DEPOSIT);
  assert.equal(network.kind, 'network');
  assert.match(explainFailure(network, PROGRAMS).message, /could not be reached/);
  assert.deepEqual(failureOf(new Error('odd'), DEPOSIT), { kind: 'unknown', message: 'odd' });
});

test('sentences', () => {
  assert.equal(sentence('deposits are paused'), 'Deposits are paused.');
  assert.equal(sentence('Done!'), 'Done!');
  assert.equal(sentence(''), '');
});

// Why something failed, in words a depositor can act on: a refusal the app foresees
// (the helpers' previews name the program error the instruction would fail with), and a
// transaction that failed (the wallet declined, the RPC's simulation or the cluster
// refused it, it expired). Program errors are named by the generated client's messages
// (the programs' own texts, from the IDLs), with what to do added here for the errors a
// depositor can meet.
import { registry, vault } from '@lrt/client';
import {
  getSolanaErrorFromTransactionError,
  isSolanaError,
  SOLANA_ERROR__BLOCK_HEIGHT_EXCEEDED,
  SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM,
  SOLANA_ERROR__INSTRUCTION_ERROR__INSUFFICIENT_FUNDS,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__TRANSACTION_ERROR__ACCOUNT_NOT_FOUND,
  SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND,
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE,
  SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_RENT,
  type SolanaError,
  type Address,
} from '@solana/kit';

import {
  ASSOCIATED_TOKEN_PROGRAM,
  SYSTEM_PROGRAM,
  TOKEN_2022_PROGRAM,
  TOKEN_PROGRAM,
} from './tokens.ts';

/** A refusal or failure in words: what happened and what to do about it. */
export type Explained = {
  /** One line: what went wrong. */
  message: string;
  /** What the depositor can do now. */
  whatToDo: string;
  /** The program and its error code, when a program refused. */
  program?: string;
  code?: number;
};

const VAULT_WHAT_TO_DO: Partial<Record<number, string>> = {
  [vault.LRT_VAULT_ERROR__PROTOCOL_PAUSED]:
    'Wait until the protocol admin unpauses it. Claims of matured tickets still work.',
  [vault.LRT_VAULT_ERROR__DEPOSITS_PAUSED]:
    'Wait until the curator reopens deposits; nothing you hold is affected.',
  [vault.LRT_VAULT_ERROR__WITHDRAWALS_PAUSED]:
    'Wait until the curator reopens withdrawal requests. Matured tickets can still be claimed.',
  [vault.LRT_VAULT_ERROR__DEPOSIT_CAP_EXCEEDED]:
    'Deposit less (the room left under the cap is shown), or another asset of the vault.',
  [vault.LRT_VAULT_ERROR__SLIPPAGE_EXCEEDED]:
    'The price moved between the preview and the transaction. Review the new preview and sign again, or lower the minimum you accept.',
  [vault.LRT_VAULT_ERROR__FEE_ABOVE_MAXIMUM]:
    'The vault’s fee rose above the most you accepted. Review the fee in force and sign again if you accept it.',
  [vault.LRT_VAULT_ERROR__STALE_PRICE]:
    'Prices are refreshed in the same transaction; try again, and if it persists the pricing account may be broken.',
  [vault.LRT_VAULT_ERROR__STAKE_POOL_NOT_UPDATED]:
    'The stake pool behind this asset has not been updated this epoch. Deposit another asset, or wait for the pool’s update crank.',
  [vault.LRT_VAULT_ERROR__ZERO_SHARES]: 'Deposit a larger amount.',
  [vault.LRT_VAULT_ERROR__ZERO_AMOUNT]: 'Enter an amount above zero.',
  [vault.LRT_VAULT_ERROR__INSUFFICIENT_SHARES]: 'Ask for at most the LRT you hold.',
  [vault.LRT_VAULT_ERROR__WITHDRAWAL_TOO_SMALL]: 'Ask to withdraw more LRT.',
  [vault.LRT_VAULT_ERROR__TICKET_NOT_MATURE]:
    'Wait for the countdown: a ticket is claimable from the epoch after its bucket’s.',
  [vault.LRT_VAULT_ERROR__TICKET_AWAITS_SLASH_RESOLUTION]:
    'A slash touched this ticket’s bucket and can still be cancelled. Claim after the slot shown.',
  [vault.LRT_VAULT_ERROR__DEPOSITS_AWAIT_SLASH_RESOLUTION]:
    'A slash of this vault can still be cancelled; deposits reopen at the slot shown on the Risk page.',
  [vault.LRT_VAULT_ERROR__WITHDRAWALS_AWAIT_SLASH_RESOLUTION]:
    'A slash took the whole pool and can still be cancelled. Request again after the slot shown.',
  [vault.LRT_VAULT_ERROR__VAULT_WIPED_OUT]:
    'This vault takes no more deposits. Withdrawals and claims still work.',
  [vault.LRT_VAULT_ERROR__VAULT_VALUE_IS_ZERO]:
    'The vault is worth nothing while shares exist; it takes no deposits.',
  [vault.LRT_VAULT_ERROR__BUCKET_WIPED]:
    'Next epoch’s withdrawal bucket was wiped out by a slash. Request again next epoch.',
  [vault.LRT_VAULT_ERROR__ACCOUNT_ALREADY_EXISTS]:
    'A ticket with this id exists already (another request landed first). Reload and try again.',
};

const DEFAULT_WHAT_TO_DO =
  'Nothing was changed. Reload the page and try again; if it fails again, the error above says why.';

/** The vault program's refusal `code` in words. */
export function vaultRefusal(code: vault.LrtVaultError | number): Explained {
  const message =
    vault.getLrtVaultErrorMessage(code as vault.LrtVaultError) ?? `vault error ${code}`;
  return {
    message: sentence(message),
    whatToDo: VAULT_WHAT_TO_DO[code] ?? DEFAULT_WHAT_TO_DO,
    program: 'lrt_vault',
    code,
  };
}

/** "the vault is paused" -> "The vault is paused." */
export function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const first = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** What went wrong with a transaction, before it is put in words. */
export type Failure =
  | { kind: 'rejected' }
  | { kind: 'custom'; index: number; program: Address | null; code: number }
  | { kind: 'instruction'; index: number; program: Address | null; solanaCode: number }
  | { kind: 'transaction'; solanaCode: number }
  | { kind: 'expired' }
  | { kind: 'network'; message: string }
  | { kind: 'unknown'; message: string };

/** Thrown by the app when a sent transaction is confirmed with an error (`meta.err`). */
export class TransactionFailedError extends Error {
  readonly transactionError: string | { [key: string]: unknown };
  readonly signature: string;
  constructor(signature: string, transactionError: string | { [key: string]: unknown }) {
    super(`transaction ${signature} failed: ${JSON.stringify(transactionError)}`);
    this.name = 'TransactionFailedError';
    this.signature = signature;
    this.transactionError = transactionError;
  }
}

/** Thrown when a transaction's blockhash expired before it was confirmed. */
export class TransactionExpiredError extends Error {
  constructor(signature: string) {
    super(`transaction ${signature} expired before it was confirmed`);
    this.name = 'TransactionExpiredError';
  }
}

function fromSolanaError(error: SolanaError, programs: readonly Address[]): Failure {
  if (
    isSolanaError(error, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE)
  ) {
    const cause = error.cause;
    if (isSolanaError(cause)) return fromSolanaError(cause, programs);
    return { kind: 'unknown', message: 'the transaction failed in simulation' };
  }
  if (isSolanaError(error, SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM)) {
    const index = Number(error.context.index);
    return {
      kind: 'custom',
      index,
      program: programs[index] ?? null,
      code: Number(error.context.code),
    };
  }
  if (isSolanaError(error, SOLANA_ERROR__BLOCK_HEIGHT_EXCEEDED)) return { kind: 'expired' };
  const code = error.context.__code;
  if (code >= 4615000 && code < 4616000) {
    const index = Number((error.context as { index?: number }).index ?? -1);
    return { kind: 'instruction', index, program: programs[index] ?? null, solanaCode: code };
  }
  if (code >= 7050000 && code < 7051000) return { kind: 'transaction', solanaCode: code };
  return { kind: 'unknown', message: `Solana error ${code}` };
}

/**
 * What `error` (thrown while signing, sending or confirming a transaction whose
 * instructions call `programs`, in order) says went wrong.
 */
export function failureOf(error: unknown, programs: readonly Address[]): Failure {
  if (error instanceof TransactionFailedError) {
    return fromSolanaError(getSolanaErrorFromTransactionError(error.transactionError), programs);
  }
  if (error instanceof TransactionExpiredError) return { kind: 'expired' };
  // by name, not class: npm may install several copies of @solana/errors (the RPC's
  // errors can come from another copy than the one this module imports)
  if (isSolanaError(error)) return fromSolanaError(error, programs);
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 4001 || /reject|declin|denied|cancel/i.test(message) || /reject/i.test(name)) {
    return { kind: 'rejected' };
  }
  if (error instanceof TypeError && /fetch|network|load failed/i.test(message)) {
    return { kind: 'network', message };
  }
  return { kind: 'unknown', message };
}

/** SPL Token's errors a depositor meets (spl-token `TokenError`). */
const TOKEN_ERRORS: Record<number, string> = {
  1: 'Insufficient funds: the token account holds less than the transfer.',
  3: 'The token account is not of this mint.',
  4: 'The token account is owned by someone else.',
  17: 'The token account is frozen.',
};

/** Anchor's own account checks (anchor-lang `ErrorCode`), for accounts that do not fit. */
const ANCHOR_ERRORS: Record<number, string> = {
  2000: 'an account that must be writable is not',
  2006: 'an account is not at the address its seeds give',
  3007: 'an account is owned by the wrong program',
  3012: 'an account the instruction needs does not exist yet',
};

const TRANSACTION_ERRORS: Record<number, Explained> = {
  [SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_FEE]: {
    message: 'Your wallet has not enough SOL to pay the transaction fee.',
    whatToDo: 'Add a little SOL to the wallet and try again.',
  },
  [SOLANA_ERROR__TRANSACTION_ERROR__ACCOUNT_NOT_FOUND]: {
    message: 'Your wallet account does not exist on this cluster (it holds no SOL).',
    whatToDo: 'Fund the wallet with SOL on this cluster, or check the cluster selector.',
  },
  [SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND]: {
    message:
      'The transaction’s blockhash is unknown to the cluster (it expired or the cluster restarted).',
    whatToDo: 'Nothing was changed. Try again.',
  },
  [SOLANA_ERROR__TRANSACTION_ERROR__INSUFFICIENT_FUNDS_FOR_RENT]: {
    message: 'Your wallet has not enough SOL for the rent of an account the transaction creates.',
    whatToDo: 'Add a little SOL (about 0.003) and try again.',
  },
};

/**
 * A failure in words. `programs` names the vault and registry program addresses (their
 * error codes overlap: both start at 6000).
 */
export function explainFailure(
  failure: Failure,
  programs: { vault: Address; registry: Address },
): Explained {
  switch (failure.kind) {
    case 'rejected':
      return {
        message: 'You declined the transaction in your wallet.',
        whatToDo: 'Nothing was sent. Review it and sign again when you are ready.',
      };
    case 'expired':
      return {
        message: 'The transaction expired before the cluster confirmed it.',
        whatToDo: 'Check your balances (they show whether it landed), then try again.',
      };
    case 'network':
      return {
        message: `The RPC endpoint could not be reached (${failure.message}).`,
        whatToDo: 'Check your connection and the cluster selector, then try again.',
      };
    case 'unknown':
      return { message: sentence(failure.message), whatToDo: DEFAULT_WHAT_TO_DO };
    case 'transaction':
      return (
        TRANSACTION_ERRORS[failure.solanaCode] ?? {
          message: `The cluster refused the transaction (Solana error ${failure.solanaCode}).`,
          whatToDo: DEFAULT_WHAT_TO_DO,
        }
      );
    case 'instruction': {
      const insufficient =
        failure.solanaCode === SOLANA_ERROR__INSTRUCTION_ERROR__INSUFFICIENT_FUNDS;
      return {
        message: insufficient
          ? 'Insufficient funds for a transfer in the transaction.'
          : `Instruction ${failure.index + 1} failed (Solana error ${failure.solanaCode}).`,
        whatToDo: insufficient ? 'Lower the amount, or add SOL for fees.' : DEFAULT_WHAT_TO_DO,
      };
    }
    case 'custom': {
      const { program, code } = failure;
      if (
        code < 6000 &&
        ANCHOR_ERRORS[code] &&
        (program === programs.vault || program === programs.registry)
      ) {
        return {
          message: sentence(
            `The program refused an account: ${ANCHOR_ERRORS[code]} (Anchor error ${code})`,
          ),
          whatToDo: DEFAULT_WHAT_TO_DO,
          code,
        };
      }
      if (program === programs.vault) return vaultRefusal(code);
      if (program === programs.registry) {
        const message = registry.getSlasherRegistryErrorMessage(
          code as registry.SlasherRegistryError,
        );
        return {
          message: sentence(message ?? `registry error ${code}`),
          whatToDo: DEFAULT_WHAT_TO_DO,
          program: 'slasher_registry',
          code,
        };
      }
      if (program === TOKEN_PROGRAM || program === TOKEN_2022_PROGRAM) {
        return {
          message: TOKEN_ERRORS[code] ?? `The token program refused the transfer (error ${code}).`,
          whatToDo: code === 1 ? 'Lower the amount to at most your balance.' : DEFAULT_WHAT_TO_DO,
          program: 'token',
          code,
        };
      }
      if (program === SYSTEM_PROGRAM && code === 1) {
        return {
          message: 'Your wallet has not enough SOL for this transfer.',
          whatToDo: 'Lower the amount, leaving some SOL for fees.',
          program: 'system',
          code,
        };
      }
      const who =
        program === ASSOCIATED_TOKEN_PROGRAM ? 'The associated token program' : 'A program';
      return {
        message: `${who} refused the transaction (error ${code}).`,
        whatToDo: DEFAULT_WHAT_TO_DO,
        code,
      };
    }
  }
}

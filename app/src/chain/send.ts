// Signing and sending. A signer (a Wallet Standard wallet's `solana:signTransaction`, or
// the demo's burner key on the local network) signs transactions as wire bytes; the app
// sends them through its own RPC (`sendTransaction`, with the RPC's preflight simulation)
// and confirms them by polling `getSignatureStatuses` until `confirmed`, or until the
// blockhash expires.
import {
  appendTransactionMessageInstructions,
  compileTransaction,
  createKeyPairFromBytes,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  getTransactionDecoder,
  getTransactionEncoder,
  partiallySignTransaction,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Address,
  type Instruction,
  type Signature,
  type Transaction,
} from '@solana/kit';

import { TransactionExpiredError, TransactionFailedError } from '../model/errors.ts';
import type { AppRpc } from './accounts.ts';

/** Something that signs transactions for `address`, from and to wire bytes. */
export type AppSigner = {
  address: Address;
  /** Shown in the header: the wallet's name or "Demo wallet". */
  label: string;
  kind: 'wallet' | 'demo';
  version: 0 | 'legacy';
  signTransactions(transactions: Uint8Array[]): Promise<Uint8Array[]>;
};

/** The demo's burner key (64 bytes: secret and public key) as a signer. */
export async function demoSigner(address: Address, secretKey: Uint8Array): Promise<AppSigner> {
  const keyPair = await createKeyPairFromBytes(secretKey);
  const encoder = getTransactionEncoder();
  const decoder = getTransactionDecoder();
  return {
    address,
    label: 'Demo wallet (burner key)',
    kind: 'demo',
    version: 0,
    signTransactions: async (transactions) =>
      Promise.all(
        transactions.map(async (bytes) => {
          const signed = await partiallySignTransaction([keyPair], decoder.decode(bytes));
          return new Uint8Array(encoder.encode(signed));
        }),
      ),
  };
}

/** A transaction about to be sent: its instructions' programs, for naming a failure. */
export type Prepared = { wire: Uint8Array; programs: Address[] };

/** Compiles instruction lists into unsigned transactions paid by the signer. */
export async function prepare(
  rpc: AppRpc,
  signer: AppSigner,
  batches: Instruction[][],
): Promise<{ prepared: Prepared[]; lastValidBlockHeight: bigint }> {
  const { value } = await rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
  const encoder = getTransactionEncoder();
  const prepared = batches.map((instructions) => {
    const message = pipe(
      createTransactionMessage({ version: signer.version }),
      (m) => setTransactionMessageFeePayer(signer.address, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(value, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    return {
      wire: new Uint8Array(encoder.encode(compileTransaction(message))),
      programs: instructions.map((ix) => ix.programAddress),
    };
  });
  return { prepared, lastValidBlockHeight: value.lastValidBlockHeight };
}

/** Signs the prepared transactions (one wallet prompt) and checks the fee payer signed each. */
export async function signAll(signer: AppSigner, prepared: Prepared[]): Promise<Transaction[]> {
  const signed = await signer.signTransactions(prepared.map((p) => p.wire));
  if (signed.length !== prepared.length) {
    throw new Error(`the wallet returned ${signed.length} of ${prepared.length} transactions`);
  }
  const decoder = getTransactionDecoder();
  return signed.map((bytes) => {
    const tx = decoder.decode(bytes);
    const signature = tx.signatures[signer.address];
    if (!signature || signature.every((b) => b === 0)) {
      throw new Error('the wallet returned the transaction unsigned');
    }
    return tx;
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Sends one signed transaction and waits until it is confirmed; throws on failure. */
export async function sendAndConfirm(
  rpc: AppRpc,
  tx: Transaction,
  lastValidBlockHeight: bigint,
  pollMs = 400,
): Promise<Signature> {
  const signature = getSignatureFromTransaction(tx);
  await rpc
    .sendTransaction(getBase64EncodedWireTransaction(tx), {
      encoding: 'base64',
      preflightCommitment: 'confirmed',
    })
    .send();
  for (;;) {
    const { value } = await rpc.getSignatureStatuses([signature]).send();
    const status = value[0];
    if (status) {
      if (status.err) {
        throw new TransactionFailedError(
          signature,
          status.err as string | { [key: string]: unknown },
        );
      }
      if (status.confirmationStatus === 'confirmed' || status.confirmationStatus === 'finalized') {
        return signature;
      }
    } else {
      const height = await rpc.getBlockHeight({ commitment: 'confirmed' }).send();
      if (height > lastValidBlockHeight) throw new TransactionExpiredError(signature);
    }
    await sleep(pollMs);
  }
}

/** The signature a signed transaction will have (its fee payer's). */
export function signatureOf(tx: Transaction): string {
  return getSignatureFromTransaction(tx);
}

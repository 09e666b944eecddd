// Wallet Standard discovery and connection, with no wallet list and no adapter: every
// wallet registered in the page (`getWallets()`) that can connect and sign Solana
// transactions appears; it is asked to sign for the cluster's chain (`solana:localnet`
// on the local network, `solana:devnet`, `solana:mainnet`).
import type { SolanaSignTransactionFeature } from '@solana/wallet-standard-features';
import { getWallets } from '@wallet-standard/app';
import type { Wallet, WalletAccount } from '@wallet-standard/base';
import type {
  StandardConnectFeature,
  StandardDisconnectFeature,
  StandardEventsFeature,
} from '@wallet-standard/features';
import type { Address } from '@solana/kit';

import type { Cluster } from '../model/cluster.ts';
import {
  CONNECT,
  DISCONNECT,
  EVENTS,
  SIGN_TRANSACTION,
  pickAccount,
  qualifies,
  transactionVersion,
} from '../model/wallets.ts';
import type { AppSigner } from './send.ts';

/** Calls `onChange` with the usable wallets now and whenever one registers or leaves. */
export function watchWallets(onChange: (wallets: readonly Wallet[]) => void): () => void {
  const api = getWallets();
  const update = () => onChange(api.get().filter(qualifies));
  update();
  const offRegister = api.on('register', update);
  const offUnregister = api.on('unregister', update);
  return () => {
    offRegister();
    offUnregister();
  };
}

function signerOf(wallet: Wallet, account: WalletAccount, cluster: Cluster): AppSigner {
  const feature = (wallet.features as SolanaSignTransactionFeature)[SIGN_TRANSACTION];
  return {
    address: account.address as Address,
    label: wallet.name,
    kind: 'wallet',
    version: transactionVersion(wallet),
    signTransactions: async (transactions) => {
      const outputs = await feature.signTransaction(
        ...transactions.map((transaction) => ({ account, transaction, chain: cluster.chain })),
      );
      return outputs.map((o) => o.signedTransaction);
    },
  };
}

/** Asks the wallet to connect and returns a signer for its account for this cluster. */
export async function connectWallet(wallet: Wallet, cluster: Cluster): Promise<AppSigner> {
  const connect = (wallet.features as StandardConnectFeature)[CONNECT];
  const { accounts } = await connect.connect();
  const account = pickAccount(accounts.length > 0 ? accounts : wallet.accounts, cluster);
  if (account === null) throw new Error(`${wallet.name} shared no account`);
  return signerOf(wallet, account, cluster);
}

/** Follows the wallet's account changes; calls `onChange` with the new signer or null. */
export function followWallet(
  wallet: Wallet,
  cluster: Cluster,
  onChange: (signer: AppSigner | null) => void,
): () => void {
  const events = (wallet.features as Partial<StandardEventsFeature>)[EVENTS];
  if (!events) return () => undefined;
  return events.on('change', ({ accounts }) => {
    if (accounts === undefined) return;
    const account = pickAccount(accounts, cluster);
    onChange(account ? signerOf(wallet, account, cluster) : null);
  });
}

export async function disconnectWallet(wallet: Wallet): Promise<void> {
  const disconnect = (wallet.features as Partial<StandardDisconnectFeature>)[DISCONNECT];
  await disconnect?.disconnect();
}

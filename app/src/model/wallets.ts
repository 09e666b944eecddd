// Which Wallet Standard wallets the app can use: any registered wallet that can connect
// (`standard:connect`) and sign Solana transactions (`solana:signTransaction`), whatever
// chains it lists (a wallet is asked for the cluster's chain when it signs; one that
// cannot sign for it says so then). No wallet list is hard-coded.
import type { Cluster } from './cluster.ts';

export const CONNECT = 'standard:connect';
export const DISCONNECT = 'standard:disconnect';
export const EVENTS = 'standard:events';
export const SIGN_TRANSACTION = 'solana:signTransaction';

/** The part of a Wallet Standard wallet this decides on. */
export type WalletLike = {
  name: string;
  features: Readonly<Record<string, unknown>>;
  chains: readonly string[];
};

export function qualifies(wallet: WalletLike): boolean {
  return CONNECT in wallet.features && SIGN_TRANSACTION in wallet.features;
}

/** Whether the wallet says it supports the cluster's chain (shown as a hint, not enforced). */
export function supportsChain(wallet: WalletLike, cluster: Cluster): boolean {
  return wallet.chains.includes(cluster.chain);
}

/** The wallet's account to use: the first that lists the chain, else the first. */
export function pickAccount<A extends { address: string; chains: readonly string[] }>(
  accounts: readonly A[],
  cluster: Cluster,
): A | null {
  return accounts.find((a) => a.chains.includes(cluster.chain)) ?? accounts[0] ?? null;
}

/** The transaction versions the wallet signs; v0 is used when it can, else legacy. */
export function transactionVersion(wallet: WalletLike): 0 | 'legacy' {
  const feature = wallet.features[SIGN_TRANSACTION] as
    | { supportedTransactionVersions?: readonly (string | number)[] }
    | undefined;
  const versions = feature?.supportedTransactionVersions ?? ['legacy'];
  return versions.includes(0) ? 0 : 'legacy';
}

// The app's state and its effects in one hook: the cluster and RPC, the route, the vault
// shown and its world, the vault's history, the connected signer and its holdings, the
// slot (polled, for countdowns), and the transaction under way. Components read from it
// and call its actions; all the arithmetic lives in src/model.
import { registry, vault } from '@lrt/client';
import { createSolanaRpc, type Address, type Instruction } from '@solana/kit';
import type { Wallet } from '@wallet-standard/base';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';

import type { AppRpc } from '../chain/accounts.ts';
import { loadDemo } from '../chain/demo.ts';
import { loadHistory, type History } from '../chain/history.ts';
import { listVaults, loadUser, loadWorld, type UserState } from '../chain/load.ts';
import {
  demoSigner,
  prepare,
  sendAndConfirm,
  signAll,
  signatureOf,
  type AppSigner,
} from '../chain/send.ts';
import { connectWallet, disconnectWallet, followWallet, watchWallets } from '../chain/wallets.ts';
import {
  STORAGE_KEY,
  demoWalletAllowed,
  initialCluster,
  queryParams,
  serializeCluster,
  type Cluster,
} from '../model/cluster.ts';
import type { DemoInfo } from '../model/demo.ts';
import { explainFailure, failureOf, TransactionFailedError } from '../model/errors.ts';
import { looksLikeAddress, parseHash, type Route } from '../model/route.ts';
import { txBusy, txReducer, type BalanceLine, type TxState } from '../model/txStage.ts';
import type { World } from '../model/world.ts';

const PROGRAMS = {
  vault: vault.LRT_VAULT_PROGRAM_ADDRESS,
  registry: registry.SLASHER_REGISTRY_PROGRAM_ADDRESS,
};

function readStorage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export type Loadable<T> = { value: T | null; error: string | null; loading: boolean };

export type App = ReturnType<typeof useApp>;

export function useApp() {
  const params = useMemo(() => queryParams(location.search, location.hash), []);
  const [cluster, setClusterState] = useState<Cluster>(() => initialCluster(params, readStorage()));
  const rpc: AppRpc = useMemo(() => createSolanaRpc(cluster.rpc), [cluster.rpc]);
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  const [demo, setDemo] = useState<DemoInfo | null>(null);
  const [demoChecked, setDemoChecked] = useState(false);
  const [vaults, setVaults] = useState<Loadable<{ address: Address; lrtMint: Address }[]>>({
    value: null,
    error: null,
    loading: true,
  });
  const [chosenVault, setChosenVault] = useState<string | null>(() => {
    const fromRoute = parseHash(location.hash).vault;
    const fromQuery = params.get('vault');
    return fromRoute ?? (fromQuery && looksLikeAddress(fromQuery) ? fromQuery : null);
  });
  const [world, setWorld] = useState<Loadable<World>>({ value: null, error: null, loading: true });
  const [history, setHistory] = useState<Loadable<History>>({
    value: null,
    error: null,
    loading: true,
  });
  const [wallets, setWallets] = useState<readonly Wallet[]>([]);
  const [signer, setSigner] = useState<AppSigner | null>(null);
  const walletRef = useRef<Wallet | null>(null);
  const [user, setUser] = useState<UserState | null>(null);
  const [slot, setSlot] = useState<bigint | null>(null);
  const [tx, dispatch] = useReducer(txReducer, { stage: 'idle' } as TxState);

  // the route follows the hash; #/vault/<address> picks the vault
  useEffect(() => {
    const onHash = () => {
      const r = parseHash(location.hash);
      setRoute(r);
      if (r.vault) setChosenVault(r.vault);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    void loadDemo().then((d) => {
      setDemo(d);
      setDemoChecked(true);
    });
  }, []);

  // wallets registered in the page, now and later
  useEffect(() => watchWallets(setWallets), []);

  // the vaults of this cluster
  useEffect(() => {
    let live = true;
    setVaults({ value: null, error: null, loading: true });
    listVaults(rpc)
      .then((list) => {
        if (!live) return;
        setVaults({
          value: list.map((v) => ({ address: v.address, lrtMint: v.data.lrtMint })),
          error: null,
          loading: false,
        });
      })
      .catch((e: unknown) => {
        if (live) setVaults({ value: null, error: messageOf(e), loading: false });
      });
    return () => {
      live = false;
    };
  }, [rpc]);

  /** The vault shown: the one asked for, else the demo's (local network), else the first. */
  const vaultAddress: Address | null = useMemo(() => {
    if (chosenVault) return chosenVault as Address;
    if (!demoChecked) return null;
    const list = vaults.value ?? [];
    if (demo?.vault && cluster.kind === 'localnet' && list.some((v) => v.address === demo.vault)) {
      return demo.vault as Address;
    }
    return list[0]?.address ?? null;
  }, [chosenVault, demo, demoChecked, vaults.value, cluster.kind]);

  const labels = demo && cluster.kind === 'localnet' ? demo.labels : undefined;
  const symbols = demo && cluster.kind === 'localnet' ? demo.symbols : undefined;

  const refreshWorld = useCallback(async (): Promise<World | null> => {
    if (!vaultAddress) return null;
    try {
      const w = await loadWorld(rpc, vaultAddress, { labels, symbols });
      setWorld({ value: w, error: null, loading: false });
      setSlot((s) => (s === null || w.slot > s ? w.slot : s));
      return w;
    } catch (e) {
      setWorld((old) => ({
        value: old.value?.vaultAddress === vaultAddress ? old.value : null,
        error: messageOf(e),
        loading: false,
      }));
      return null;
    }
  }, [rpc, vaultAddress, labels, symbols]);

  const refreshHistory = useCallback(async () => {
    if (!vaultAddress) return;
    try {
      setHistory((h) => ({ ...h, loading: true }));
      const value = await loadHistory(rpc, vaultAddress);
      setHistory({ value, error: null, loading: false });
    } catch (e) {
      setHistory({ value: null, error: messageOf(e), loading: false });
    }
  }, [rpc, vaultAddress]);

  const refreshUser = useCallback(
    async (w: World | null, s: AppSigner | null): Promise<UserState | null> => {
      if (!w || !s) {
        setUser(null);
        return null;
      }
      try {
        const u = await loadUser(rpc, w, s.address);
        setUser(u);
        return u;
      } catch {
        return null;
      }
    },
    [rpc],
  );

  // the world of the vault shown, refreshed every 15 s
  useEffect(() => {
    if (!vaultAddress) return;
    setWorld((old) => ({
      value: old.value?.vaultAddress === vaultAddress ? old.value : null,
      error: null,
      loading: true,
    }));
    void refreshWorld();
    void refreshHistory();
    const timer = setInterval(() => void refreshWorld(), 15_000);
    return () => clearInterval(timer);
  }, [vaultAddress, refreshWorld, refreshHistory]);

  // no vault to show once the list is known
  useEffect(() => {
    if (!vaultAddress && !vaults.loading && demoChecked) {
      setWorld({ value: null, error: null, loading: false });
    }
  }, [vaultAddress, vaults.loading, demoChecked]);

  useEffect(() => {
    void refreshUser(world.value, signer);
  }, [world.value, signer, refreshUser]);

  // the slot, for countdowns
  useEffect(() => {
    let live = true;
    const poll = () =>
      rpc
        .getSlot({ commitment: 'confirmed' })
        .send()
        .then((s) => live && setSlot(s))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(poll, 2_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [rpc]);

  // a wallet's account change follows
  useEffect(() => {
    const wallet = walletRef.current;
    if (!wallet || signer?.kind !== 'wallet') return;
    return followWallet(wallet, cluster, (next) => setSigner(next));
  }, [signer?.kind, cluster]);

  const setCluster = useCallback((next: Cluster) => {
    try {
      localStorage.setItem(STORAGE_KEY, serializeCluster(next));
    } catch {
      // private mode: the choice lasts for this page only
    }
    setClusterState(next);
    setChosenVault(null);
    setSigner(null);
    walletRef.current = null;
    setWorld({ value: null, error: null, loading: true });
    setHistory({ value: null, error: null, loading: true });
    setSlot(null);
  }, []);

  const connect = useCallback(
    async (wallet: Wallet) => {
      const s = await connectWallet(wallet, cluster);
      walletRef.current = wallet;
      setSigner(s);
    },
    [cluster],
  );

  const demoWallet = demo?.wallet && demoWalletAllowed(cluster) ? demo.wallet : null;
  const connectDemoWallet = useCallback(async () => {
    if (!demoWallet) return;
    walletRef.current = null;
    setSigner(await demoSigner(demoWallet.address as Address, demoWallet.secretKey));
  }, [demoWallet]);

  const disconnect = useCallback(async () => {
    const wallet = walletRef.current;
    walletRef.current = null;
    setSigner(null);
    if (wallet) await disconnectWallet(wallet).catch(() => undefined);
  }, []);

  /**
   * Signs (one prompt) and sends `batches`, one transaction each, in order; then refreshes
   * the world and the holdings and reports the balances `balances` picks.
   */
  const runTransaction = useCallback(
    async (
      label: string,
      build: () => Promise<Instruction[][]>,
      balances: (u: UserState, w: World) => BalanceLine[],
    ): Promise<boolean> => {
      if (!signer || txBusy(tx)) return false;
      dispatch({ type: 'start', label });
      let programs: Address[] = [];
      const landed: string[] = [];
      try {
        const batches = await build();
        const { prepared, lastValidBlockHeight } = await prepare(rpc, signer, batches);
        programs = prepared[0]?.programs ?? [];
        const signed = await signAll(signer, prepared);
        dispatch({ type: 'signed', signatures: signed.map(signatureOf) });
        for (const [i, t] of signed.entries()) {
          programs = prepared[i]!.programs;
          landed.push(await sendAndConfirm(rpc, t, lastValidBlockHeight));
        }
        dispatch({ type: 'confirmed' });
        const w = await refreshWorld();
        const u = await refreshUser(w, signer);
        if (u && w) dispatch({ type: 'balances', balances: balances(u, w) });
        void refreshHistory();
        return true;
      } catch (e) {
        // a transaction that failed on chain landed too; one refused in simulation did not
        if (e instanceof TransactionFailedError) landed.push(e.signature);
        const error = explainFailure(failureOf(e, programs), PROGRAMS);
        dispatch({ type: 'failed', error, landed });
        void refreshWorld().then((w) => refreshUser(w, signer));
        return false;
      }
    },
    [signer, tx, rpc, refreshWorld, refreshUser, refreshHistory],
  );

  const dismissTx = useCallback(() => dispatch({ type: 'dismiss' }), []);

  return {
    cluster,
    setCluster,
    rpc,
    route,
    demo,
    demoWallet,
    vaults,
    vaultAddress,
    world,
    history,
    wallets,
    signer,
    user,
    slot: slot ?? world.value?.slot ?? null,
    tx,
    connect,
    connectDemoWallet,
    disconnect,
    runTransaction,
    dismissTx,
    refresh: async () => {
      const w = await refreshWorld();
      await refreshUser(w, signer);
      void refreshHistory();
    },
  };
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

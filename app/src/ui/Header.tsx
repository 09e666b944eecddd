// The header: the cluster selector and the wallet menu (Wallet Standard wallets found in
// the page, and the demo's burner key on the local network only).
import type { Wallet } from '@wallet-standard/base';
import { useEffect, useRef, useState } from 'react';

import {
  CLUSTER_LABELS,
  clusterFromRpc,
  isRpcUrl,
  presetCluster,
  type Cluster,
  type ClusterKind,
} from '../model/cluster.ts';
import { shortAddress } from '../model/format.ts';
import type { App } from './useApp.ts';
import { messageOf } from './useApp.ts';

export function ClusterSelect(props: { cluster: Cluster; onChange: (c: Cluster) => void }) {
  const { cluster, onChange } = props;
  const [kind, setKind] = useState<ClusterKind>(cluster.kind);
  const [url, setUrl] = useState(cluster.kind === 'custom' ? cluster.rpc : '');
  useEffect(() => {
    setKind(cluster.kind);
    if (cluster.kind === 'custom') setUrl(cluster.rpc);
  }, [cluster]);
  const choose = (k: ClusterKind) => {
    setKind(k);
    if (k !== 'custom') onChange(presetCluster(k));
  };
  return (
    <div className="cluster">
      <label className="sr-only" htmlFor="cluster-select">
        Cluster
      </label>
      <select
        id="cluster-select"
        data-testid="cluster-select"
        value={kind}
        onChange={(e) => choose(e.target.value as ClusterKind)}
        title={cluster.rpc}
      >
        {(Object.keys(CLUSTER_LABELS) as ClusterKind[]).map((k) => (
          <option key={k} value={k}>
            {k === 'localnet' && cluster.kind === 'localnet'
              ? `${CLUSTER_LABELS[k]} (${new URL(cluster.rpc).port || '80'})`
              : CLUSTER_LABELS[k]}
          </option>
        ))}
      </select>
      {kind === 'custom' ? (
        <form
          className="cluster-custom"
          onSubmit={(e) => {
            e.preventDefault();
            if (isRpcUrl(url)) onChange(clusterFromRpc(url));
          }}
        >
          <label className="sr-only" htmlFor="cluster-url">
            RPC URL
          </label>
          <input
            id="cluster-url"
            type="url"
            placeholder="https://rpc.example.com"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={url !== '' && !isRpcUrl(url)}
          />
          <button type="submit" disabled={!isRpcUrl(url)}>
            Use
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function WalletMenu(props: { app: App }) {
  const { app } = props;
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    dialog.current?.querySelector<HTMLElement>('button')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [open]);

  if (app.signer) {
    return (
      <div className="wallet">
        <span className="wallet-name">{app.signer.label}</span>
        <span className="wallet-address" data-testid="connected-address" title={app.signer.address}>
          {app.signer.address}
        </span>
        <button type="button" className="ghost" onClick={() => void app.disconnect()}>
          Disconnect
        </button>
      </div>
    );
  }
  const pick = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      setOpen(false);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="wallet">
      <button
        type="button"
        className="primary"
        data-testid="connect"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Connect wallet
      </button>
      {open ? (
        <div className="wallet-list" role="dialog" aria-label="Choose a wallet" ref={dialog}>
          {app.wallets.length === 0 ? (
            <p className="muted">
              No wallet found in this browser. Install a Solana wallet that supports the Wallet
              Standard, then reload.
            </p>
          ) : (
            <ul>
              {app.wallets.map((w: Wallet) => (
                <li key={w.name}>
                  <button
                    type="button"
                    data-testid="wallet-option"
                    disabled={busy}
                    onClick={() => void pick(() => app.connect(w))}
                  >
                    {w.icon ? <img src={w.icon} alt="" width={20} height={20} /> : null}
                    {w.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {app.demoWallet ? (
            <div className="demo-wallet">
              <button
                type="button"
                data-testid="demo-wallet"
                disabled={busy}
                onClick={() => void pick(app.connectDemoWallet)}
              >
                Use demo wallet (burner key, local network only)
              </button>
              <p className="muted small">
                {shortAddress(app.demoWallet.address)}: a key anyone can derive, served by the local
                network's demo. It signs in this page; never fund it on a real cluster.
              </p>
            </div>
          ) : null}
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="button" className="ghost" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}

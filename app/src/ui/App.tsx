// The shell: header (vault, cluster, wallet), navigation, the screen of the route, and
// the transaction feedback. Screens get the app state and the loaded world; they hold
// only their form inputs.
import { shortAddress } from '../model/format.ts';
import { PAGES, hashOf } from '../model/route.ts';
import { Deposit } from './Deposit.tsx';
import { ClusterSelect, WalletMenu } from './Header.tsx';
import { Operators } from './Operators.tsx';
import { Overview } from './Overview.tsx';
import { Risk } from './Risk.tsx';
import { TxFeedback } from './TxFeedback.tsx';
import { Loading, Notice } from './common.tsx';
import { useApp, type App as AppState } from './useApp.ts';
import { Withdraw } from './Withdraw.tsx';

export function App() {
  const app = useApp();
  const page = app.route.page;
  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={hashOf('overview', app.vaultAddress)}>
          <span className="logo" aria-hidden="true">
            ◈
          </span>{' '}
          {app.world.value?.lrt.symbol ?? 'Restaking'}
        </a>
        <div className="top-controls">
          <VaultPicker app={app} />
          <ClusterSelect cluster={app.cluster} onChange={app.setCluster} />
          <WalletMenu app={app} />
        </div>
      </header>
      <nav className="tabs" aria-label="Screens">
        {PAGES.map((p) => (
          <a
            key={p.page}
            href={hashOf(p.page, null)}
            data-testid={`nav-${p.page}`}
            aria-current={page === p.page ? 'page' : undefined}
          >
            {p.label}
          </a>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <TxFeedback tx={app.tx} cluster={app.cluster} onDismiss={app.dismissTx} />
        <Screen app={app} />
      </main>
      <footer className="foot small muted">
        Reads {app.cluster.rpc}
        {app.slot !== null ? ` · slot ${app.slot.toString()}` : ''} · no analytics, no remote assets
        ·{' '}
        <button type="button" className="link" onClick={() => void app.refresh()}>
          Refresh
        </button>
      </footer>
    </div>
  );
}

function Screen(props: { app: AppState }) {
  const { app } = props;
  const world = app.world.value;
  if (app.vaults.error && !world) {
    return (
      <Notice tone="danger">
        <p>
          The cluster at {app.cluster.rpc} could not be read: {app.vaults.error}
        </p>
        <p>Check the cluster selector, or pass ?rpc=&lt;url&gt; in the address.</p>
      </Notice>
    );
  }
  if (!app.vaults.loading && app.vaultAddress === null) {
    return <Notice tone="info">No vault on this cluster yet.</Notice>;
  }
  if (app.world.error && !world) {
    return <Notice tone="danger">The vault could not be read: {app.world.error}</Notice>;
  }
  if (!world) return <Loading what="the vault" />;
  switch (app.route.page) {
    case 'overview':
      return <Overview app={app} world={world} />;
    case 'deposit':
      return <Deposit app={app} world={world} />;
    case 'withdraw':
      return <Withdraw app={app} world={world} />;
    case 'operators':
      return <Operators app={app} world={world} />;
    case 'risk':
      return <Risk app={app} world={world} />;
  }
}

/** With several vaults on the cluster, the one to show (its overview route). */
function VaultPicker(props: { app: AppState }) {
  const { app } = props;
  const list = app.vaults.value ?? [];
  if (list.length < 2) return null;
  return (
    <>
      <label className="sr-only" htmlFor="vault-select">
        Vault
      </label>
      <select
        id="vault-select"
        data-testid="vault-select"
        value={app.vaultAddress ?? ''}
        onChange={(e) => {
          location.hash = hashOf('overview', e.target.value);
        }}
      >
        {list.map((v) => (
          <option key={v.address} value={v.address}>
            Vault {shortAddress(v.address)}
            {v.address === app.world.value?.vaultAddress ? ` (${app.world.value.lrt.symbol})` : ''}
          </option>
        ))}
      </select>
    </>
  );
}

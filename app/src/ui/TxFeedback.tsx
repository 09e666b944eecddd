// Where a transaction stands: signing in the wallet, sending, confirmed (explorer link and
// the balances after), failed (the program's error in words and what to do).
import { explorerTxUrl, type Cluster } from '../model/cluster.ts';
import { shortAddress } from '../model/format.ts';
import type { TxState } from '../model/txStage.ts';

const STAGE_TEXT = {
  signing: 'Waiting for your signature in the wallet…',
  sending: 'Sent. Waiting for the cluster to confirm…',
  confirmed: 'Confirmed.',
  failed: 'The transaction did not go through.',
} as const;

export function TxFeedback(props: { tx: TxState; cluster: Cluster; onDismiss: () => void }) {
  const { tx, cluster } = props;
  if (tx.stage === 'idle') return null;
  const tone = tx.stage === 'failed' ? 'danger' : tx.stage === 'confirmed' ? 'ok' : 'info';
  return (
    <div
      className={`tx tx-${tone}`}
      role={tx.stage === 'failed' ? 'alert' : 'status'}
      aria-live="polite"
    >
      <div className="tx-head">
        <strong>{tx.label}</strong>
        <span className={`tx-stage tx-stage-${tx.stage}`} data-testid="tx-stage">
          {tx.stage}
        </span>
      </div>
      <p className="tx-text">{STAGE_TEXT[tx.stage]}</p>
      {tx.stage !== 'signing' && tx.signatures.length > 0 ? (
        <ul className="tx-links">
          {tx.signatures.map((s) => (
            <li key={s}>
              <a
                href={explorerTxUrl(cluster, s)}
                target="_blank"
                rel="noreferrer noopener"
                data-testid="tx-explorer-link"
              >
                View {shortAddress(s)} on the explorer
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {tx.stage === 'confirmed' && tx.balances ? (
        <dl className="tx-balances">
          {tx.balances.map((b) => (
            <div key={b.label}>
              <dt>{b.label}</dt>
              <dd>{b.amount}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {tx.stage === 'failed' ? (
        <div className="tx-error">
          <p data-testid="tx-error">{tx.error.message}</p>
          <p className="muted">
            <strong>What to do:</strong> {tx.error.whatToDo}
          </p>
          {tx.error.code !== undefined ? (
            <p className="muted small">
              {tx.error.program ?? 'program'} error {tx.error.code}
            </p>
          ) : null}
        </div>
      ) : null}
      {tx.stage === 'confirmed' || tx.stage === 'failed' ? (
        <button type="button" className="ghost" onClick={props.onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

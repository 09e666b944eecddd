// Small presentational pieces shared by the screens. Amounts are shown exactly from
// bigints (`formatUnits`); the number and its unit are separate elements so a test (or a
// screen reader) reads the number alone.
import type { ReactNode } from 'react';

import type { Cluster } from '../model/cluster.ts';
import { explorerAddressUrl } from '../model/cluster.ts';
import type { Badge } from '../model/exposure.ts';
import type { RemoteOrigin } from '../model/xchain.ts';
import { formatDuration, formatUnits, shortAddress } from '../model/format.ts';

export function Amount(props: { value: bigint; decimals: number; unit?: string; testId?: string }) {
  return (
    <span className="amount">
      <span className="num" data-testid={props.testId}>
        {formatUnits(props.value, props.decimals)}
      </span>
      {props.unit ? <span className="unit"> {props.unit}</span> : null}
    </span>
  );
}

export function Card(props: {
  title?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
  id?: string;
}) {
  const headingId = props.id ? `${props.id}-title` : undefined;
  return (
    <section
      className={`card ${props.className ?? ''}`}
      data-testid={props.testId}
      aria-labelledby={props.title ? headingId : undefined}
    >
      {props.title ? <h2 id={headingId}>{props.title}</h2> : null}
      {props.children}
    </section>
  );
}

export function Stat(props: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.children}</div>
      {props.hint ? <div className="stat-hint">{props.hint}</div> : null}
    </div>
  );
}

export function Badges(props: { badges: Badge[] }) {
  return (
    <span className="badges">
      {props.badges.map((b) => (
        <span key={b.text} className={`badge badge-${b.tone}`} title={b.title}>
          {b.text}
        </span>
      ))}
    </span>
  );
}

/** Where a cross-chain request came from: the chain and the emitter (short; in full on hover). */
export function RemoteOriginRow(props: { origin: RemoteOrigin }) {
  const o = props.origin;
  return (
    <div className="row" data-testid="remote-origin">
      <dt>Came from</dt>
      <dd>
        <span title={o.badge.title}>
          {o.chainName} (Wormhole chain {o.chain})
        </span>{' '}
        · emitter <code title={o.emitter}>{o.emitterShort}</code>
      </dd>
    </div>
  );
}

export function AddressLink(props: { address: string; cluster: Cluster; label?: string | null }) {
  return (
    <a
      className="address"
      href={explorerAddressUrl(props.cluster, props.address)}
      target="_blank"
      rel="noreferrer noopener"
      title={props.address}
    >
      {props.label ?? shortAddress(props.address)}
    </a>
  );
}

/** Slots left and an estimated time. */
export function Countdown(props: { slotsLeft: bigint; ms: number }) {
  if (props.slotsLeft === 0n) return <span className="countdown">now</span>;
  return (
    <span className="countdown">
      {props.slotsLeft.toString()} slots · {formatDuration(props.ms)}
    </span>
  );
}

export function Notice(props: {
  tone: 'info' | 'warn' | 'danger';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`notice notice-${props.tone}`}
      role={props.tone === 'danger' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.children}
    </div>
  );
}

export function Loading(props: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {props.what}…
    </p>
  );
}

// Operators and exposure (src/model/exposure.ts): whom the vault's stake backs, on what
// terms, and the most each AVS the vault serves can take from it per epoch.
import { useMemo } from 'react';

import { exposureSummary, operatorRows } from '../model/exposure.ts';
import {
  formatBps,
  formatSol,
  formatUnitsShort,
  formatValueSolShort,
  formatWadPercent,
} from '../model/format.ts';
import { nowOf, type World } from '../model/world.ts';
import { AddressLink, Badges, Card } from './common.tsx';
import type { App } from './useApp.ts';

export function Operators(props: { app: App; world: World }) {
  const { app, world } = props;
  const now = nowOf(world);
  const operators = useMemo(() => operatorRows(world, nowOf(world)), [world]);
  const exposure = useMemo(() => exposureSummary(world, nowOf(world)), [world]);
  const lrt = world.lrt.symbol;
  return (
    <div className="page">
      <header className="page-head">
        <h1>Operators and exposure</h1>
        <p className="muted">
          The vault allocates fractions of itself to operators; an operator's stake is its
          allocation times the vault's slashable value (
          {formatValueSolShort(exposure.slashableValueWad)} SOL now). Each AVS an operator serves
          can slash that stake.
        </p>
      </header>

      <Card title="Operators">
        {operators.length === 0 ? (
          <p className="muted">The vault allocates to no operator.</p>
        ) : null}
        <ul className="operators">
          {operators.map((o) => (
            <li key={o.operator} className="operator" data-testid="operator-row">
              <div className="operator-head">
                <h3>
                  <AddressLink
                    address={o.operator}
                    cluster={app.cluster}
                    label={world.labels[o.operator]}
                  />
                </h3>
                <span className="big">{formatWadPercent(o.allocationNow)}</span>
                <span className="muted small">of the vault</span>
              </div>
              <dl className="dl compact">
                <div className="row">
                  <dt>Stake now</dt>
                  <dd>{formatSol(o.stakeLamports)} SOL</dd>
                </div>
                <div className="row">
                  <dt>Allocation</dt>
                  <dd>
                    now {formatWadPercent(o.allocationNow)} · next epoch{' '}
                    {formatWadPercent(o.allocationNext)} · later{' '}
                    {formatWadPercent(o.allocationLater)} (limit {formatBps(o.maxBps)})
                  </dd>
                </div>
                <div className="row">
                  <dt>Commission</dt>
                  <dd>
                    {o.commissionBps === null ? '—' : formatBps(o.commissionBps)}
                    {o.nextCommission ? (
                      <span className="announced">
                        {' '}
                        → {formatBps(o.nextCommission.bps)} from epoch{' '}
                        {o.nextCommission.fromEpoch.toString()}
                      </span>
                    ) : null}
                  </dd>
                </div>
                <div className="row">
                  <dt>Bond</dt>
                  <dd>
                    {formatUnitsShort(o.bondShares, 9)} {lrt}
                    {o.bondUnbondingShares > 0n
                      ? ` (+ ${formatUnitsShort(o.bondUnbondingShares, 9)} unbonding)`
                      : ''}{' '}
                    ≈ {formatValueSolShort(o.bondValueWad)} SOL, first loss
                  </dd>
                </div>
                <div className="row">
                  <dt>AVSs</dt>
                  <dd>
                    {o.avss.length === 0 ? 'none' : null}
                    <ul className="plain">
                      {o.avss.map((a) => (
                        <li key={a.avs}>
                          <AddressLink
                            address={a.avs}
                            cluster={app.cluster}
                            label={world.labels[a.avs]}
                          />{' '}
                          <span
                            className={`badge badge-${a.state === 'active' ? 'ok' : a.state === 'out' ? 'neutral' : 'warn'}`}
                          >
                            {a.state}
                          </span>{' '}
                          <span className="small muted">{a.text}</span>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
                <div className="row">
                  <dt>Slashes</dt>
                  <dd>
                    {o.slashes.length === 0 ? (
                      'none in this vault'
                    ) : (
                      <ul className="plain">
                        {o.slashes.map((s) => (
                          <li key={s.request}>
                            {formatSol(s.lossLamports)} SOL for epoch {s.captureEpoch.toString()} by{' '}
                            <AddressLink
                              address={s.avs}
                              cluster={app.cluster}
                              label={world.labels[s.avs]}
                            />
                            {s.cancelled ? ' (cancelled)' : ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </div>
                {o.metadataUri ? (
                  <div className="row">
                    <dt>About</dt>
                    <dd className="break">{o.metadataUri}</dd>
                  </div>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
      </Card>

      <Card title="Exposure per AVS">
        <p className="muted small">
          The most the vault can lose to each AVS in one epoch: for every operator it allocates to
          that serves the AVS, the curator's cap for the AVS and the registry's cap (
          {exposure.registryCapBps === null ? 'unknown' : formatBps(exposure.registryCapBps)} of an
          operator's stake per epoch, all AVSs together) bound what one epoch's slashes can take,
          whatever the requests ask.
        </p>
        {exposure.avss.length === 0 ? <p className="muted">The vault serves no AVS.</p> : null}
        <ul className="avss">
          {exposure.avss.map((a) => (
            <li key={a.avs} className="avs" data-testid="avs-exposure">
              <div className="operator-head">
                <h3>
                  <AddressLink address={a.avs} cluster={app.cluster} label={world.labels[a.avs]} />
                </h3>
                <Badges badges={a.badges} />
              </div>
              <p>
                At most <strong>{formatSol(a.maxLossPerEpochLamports)} SOL</strong> per epoch (
                {formatWadPercent(a.maxLossShareWad, 4)} of the vault).
              </p>
              <p className="small muted">
                Vault opt-in: {a.vaultState} · curator's cap {formatBps(a.capBps)} of an operator's
                stake per epoch · up to {formatWadPercent(a.maxSlashWad)} per request
              </p>
              {a.operators.length > 0 ? (
                <ul className="plain small">
                  {a.operators.map((o) => (
                    <li key={o.operator}>
                      {world.labels[o.operator] ?? o.operator.slice(0, 6)}: stake{' '}
                      {formatSol(o.stakeLamports)} SOL, one request up to{' '}
                      {formatSol(o.perRequestLamports)} SOL, an epoch up to{' '}
                      {formatSol(o.perEpochLamports)} SOL
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="small muted">
                  No operator the vault allocates to is slashable for it now.
                </p>
              )}
            </li>
          ))}
        </ul>
        <p>
          Across every AVS: at most{' '}
          <strong>{formatSol(exposure.totalMaxLossPerEpochLamports)} SOL</strong> per epoch (
          {formatWadPercent(exposure.totalMaxLossShareWad, 4)} of the vault), epoch{' '}
          {now.epochLength > 0n ? (now.slot / now.epochLength).toString() : '?'}.
        </p>
      </Card>
    </div>
  );
}

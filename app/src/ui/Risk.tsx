// Slashing and risk (src/model/risk.ts): pending requests with their deadlines, past
// slashes with how the loss was split, and what can go wrong, in plain words.
import { MS_PER_SLOT } from '@lrt/client';
import { useMemo } from 'react';

import {
  formatBps,
  formatDuration,
  formatSol,
  formatUnits,
  formatUnitsShort,
  formatValueSolShort,
  formatWadPercent,
} from '../model/format.ts';
import { disclosureFacts, pastSlashRows, pendingRows } from '../model/risk.ts';
import { nowOf, type World } from '../model/world.ts';
import { AddressLink, Badges, Card, Countdown, RemoteOriginRow } from './common.tsx';
import type { App } from './useApp.ts';

export function Risk(props: { app: App; world: World }) {
  const { app, world } = props;
  const liveSlot = app.slot !== null && app.slot > world.slot ? app.slot : world.slot;
  const now = useMemo(() => nowOf(world, liveSlot), [world, liveSlot]);
  const { pending, unreachable } = useMemo(() => pendingRows(world, now), [world, now]);
  const past = useMemo(
    () => pastSlashRows(world, now, app.history.value?.applied),
    [world, now, app.history.value],
  );
  const facts = disclosureFacts(world, now);
  const lrt = world.lrt.symbol;
  const slashWindowOpen = now.slot < world.vault.slashWindow.untilSlot;
  return (
    <div className="page">
      <header className="page-head">
        <h1>Slashing and risk</h1>
        <p className="muted">
          What can take value from this vault, what is pending now, and what happened before.
        </p>
      </header>

      <Card title="Pending slash requests">
        {pending.length === 0 ? (
          <p className="status-ok">No slash request can reach this vault now.</p>
        ) : (
          <ul className="slashes">
            {pending.map((p) => (
              <li key={p.request} className="slash" data-testid="pending-slash">
                <div className="operator-head">
                  <strong>
                    {p.avsLabel} → {p.operatorLabel}
                  </strong>
                  {p.origin ? <Badges badges={[p.origin.badge]} /> : null}
                  <span className={`badge badge-${p.status === 'veto_window' ? 'warn' : 'danger'}`}>
                    {p.status === 'veto_window' ? 'in veto window' : 'executable'}
                  </span>
                </div>
                <p>{p.text}</p>
                <dl className="dl compact">
                  {p.origin ? <RemoteOriginRow origin={p.origin} /> : null}
                  {p.status === 'veto_window' ? (
                    <div className="row">
                      <dt>Veto deadline</dt>
                      <dd>
                        slot {p.vetoDeadlineSlot.toString()} ·{' '}
                        <Countdown slotsLeft={p.vetoSlotsLeft} ms={p.vetoMs} />
                      </dd>
                    </div>
                  ) : null}
                  <div className="row">
                    <dt>Can execute until</dt>
                    <dd>
                      slot {p.executableUntilSlot.toString()} (end of epoch{' '}
                      {p.executableUntilEpoch.toString()}) ·{' '}
                      <Countdown slotsLeft={p.expirySlotsLeft} ms={p.expiryMs} />
                    </dd>
                  </div>
                  <div className="row">
                    <dt>Most it can cost</dt>
                    <dd>
                      {formatSol(p.maxLossLamports)} SOL ({formatWadPercent(p.maxLossShareWad, 4)}{' '}
                      of the vault)
                    </dd>
                  </div>
                  <div className="row">
                    <dt>Request</dt>
                    <dd>
                      <AddressLink address={p.request} cluster={app.cluster} />
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
        {unreachable.length > 0 ? (
          <details>
            <summary>
              {unreachable.length} more requests against the vault's operators cannot reach it
            </summary>
            <ul className="plain small">
              {unreachable.map((u) => (
                <li key={u.request}>
                  {u.avsLabel} → {u.operatorLabel}: {u.reason}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {slashWindowOpen ? (
          <p className="notice notice-warn">
            An executed slash can still be cancelled until slot{' '}
            {world.vault.slashWindow.untilSlot.toString()}: deposits wait until then, and tickets of
            the buckets it touched are claimed after it.
          </p>
        ) : null}
      </Card>

      <Card title="Past slashes">
        {past.length === 0 ? (
          <p className="muted">No slash has been applied to this vault.</p>
        ) : null}
        <ul className="slashes">
          {past.map((s) => (
            <li key={s.escrow} className="slash" data-testid="past-slash">
              <div className="operator-head">
                <strong>
                  {s.avsLabel ?? 'An AVS'} → {s.operatorLabel}
                </strong>
                {s.origin ? <Badges badges={[s.origin.badge]} /> : null}
                <span
                  className={`badge badge-${s.status === 'cancelled' ? 'ok' : s.status === 'cancellable' ? 'warn' : 'neutral'}`}
                >
                  {s.status === 'cancellable'
                    ? `cancellable until slot ${s.resolveAfterSlot}`
                    : s.status}
                </span>
              </div>
              <p>
                Lost <strong>{formatSol(s.lossLamports)} SOL</strong> for misbehaviour in epoch{' '}
                {s.captureEpoch.toString()}: {s.splitText}
              </p>
              <dl className="dl compact">
                {s.origin ? <RemoteOriginRow origin={s.origin} /> : null}
                <div className="row">
                  <dt>Operator's bond</dt>
                  <dd>
                    {formatUnitsShort(s.bondShares, 9)} {lrt}
                  </dd>
                </div>
                <div className="row">
                  <dt>Insurance fund</dt>
                  <dd>
                    {formatUnitsShort(s.insuranceShares, 9)} {lrt}
                    {s.coveredValueWad !== null
                      ? ` (the two: ${formatValueSolShort(s.coveredValueWad)} SOL)`
                      : ''}
                  </dd>
                </div>
                <div className="row">
                  <dt>Holders, pro rata</dt>
                  <dd>
                    {formatWadPercent(s.holderFractionWad, 4)}
                    {s.poolTaken.length > 0
                      ? ` (${s.poolTaken.map((p) => `${formatUnits(p.amount, p.asset.decimals)} ${p.asset.symbol}`).join(', ')})`
                      : ''}
                  </dd>
                </div>
                <div className="row">
                  <dt>Pending withdrawals</dt>
                  <dd>
                    {s.buckets.length === 0
                      ? 'none were waiting'
                      : s.buckets
                          .map((b) => `epoch ${b.epoch}: ${formatWadPercent(b.lostFractionWad, 4)}`)
                          .join('; ')}
                  </dd>
                </div>
                <div className="row">
                  <dt>Slashed tokens</dt>
                  <dd>
                    {s.destination}
                    {s.swept ? ' (swept)' : s.status === 'final' ? ' (ready to sweep)' : ''}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      </Card>

      <Card title="Risks, in plain words">
        <div className="disclosure" data-testid="risk-disclosure">
          <h3>Smart-contract risk</h3>
          <p>
            The vault and the slasher registry are programs. A bug in them, in the token programs or
            in a stake pool the vault prices from could lose some or all of the deposits. Audits and
            tests lower this risk; they do not remove it.
          </p>
          <h3>Slashing</h3>
          <p>
            Your {lrt} backs operators who run services (AVSs). If an AVS proves an operator
            misbehaved, it can take part of that operator's stake. After a veto window of{' '}
            {facts.vetoWindowSlots?.toString() ?? '?'} slots (
            {facts.vetoWindowSlots !== null
              ? formatDuration(Number(facts.vetoWindowSlots) * MS_PER_SLOT)
              : '?'}
            ) anyone can execute the request; the loss comes first from the operator's bond, then
            from the insurance fund, then from every holder in proportion. In one epoch the registry
            lets the AVSs take at most{' '}
            {facts.registryCapBps === null ? '?' : formatBps(facts.registryCapBps)} of an operator's
            stake, and the curator caps each AVS too (see Operators).
          </p>
          <h3>Slashing while a withdrawal waits</h3>
          <p>
            A withdrawal takes one full restaking epoch ({facts.epochLength.toString()} slots,{' '}
            {formatDuration(facts.epochMs)}). While it waits, your ticket still bears slashes for
            misbehaviour from before you asked, like every holder: you cannot leave ahead of a slash
            you were exposed to. A slash that can still be cancelled (for{' '}
            {facts.resolutionDelaySlots?.toString() ?? '?'} slots after it executes) holds the
            claims of the tickets it touched until it is final. A deposit made while a request is
            pending shares in it if it executes.
          </p>
          <h3>LST risk</h3>
          <p>
            The vault holds liquid staking tokens and values them at their stake pool's rate. If a
            stake pool loses stake, is exploited or stops updating, the tokens are worth less, and
            withdrawals pay the same tokens back in kind.
          </p>
          <h3>What governance can do</h3>
          <p>
            The protocol admin or pauser can pause deposits and withdrawal requests (claims of
            matured tickets still work); the curator chooses operators, allocations, caps and AVSs;
            the fee admin sets fees up to the protocol's caps ({formatBps(facts.maxDepositFeeBps)}{' '}
            on deposits, {formatBps(facts.maxWithdrawalFeeBps)} on withdrawals). Fee and commission
            increases and the registry's slashing parameters take effect only after a full epoch of
            notice, and every deposit and withdrawal signs for the most fee it accepts. The
            registry's veto authority can veto a request before it executes; its admin can cancel an
            executed slash during its resolution delay. No role can take tokens from your wallet,
            and no pause blocks the claim of a matured ticket. Whoever holds the programs' upgrade
            authority can replace the programs themselves: that is the largest trust you place in
            this protocol.
          </p>
        </div>
      </Card>
    </div>
  );
}

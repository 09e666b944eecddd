// The withdraw screen (src/model/withdraw.ts): LRT in, the basket out, the cooldown, then
// the depositor's tickets with their countdowns, Claim and Claim all.
import { currentEpoch } from '@lrt/client';
import { useMemo, useState } from 'react';

import { claimInstructions, withdrawInstructions } from '../chain/instructions.ts';
import type { UserState } from '../chain/load.ts';
import { formatBps, formatDuration, formatUnits, formatValueSol } from '../model/format.ts';
import { ticketRows, withdrawView, type TicketRow } from '../model/withdraw.ts';
import { bucketAt, nowOf, type World } from '../model/world.ts';
import { Amount, Card, Notice } from './common.tsx';
import type { App } from './useApp.ts';

const STATUS_WORD = { waiting: 'waiting', held: 'held', claimable: 'claimable' } as const;

export function Withdraw(props: { app: App; world: World }) {
  const { app, world } = props;
  const lrt = world.lrt.symbol;
  const [amountText, setAmountText] = useState('');
  const liveSlot = app.slot !== null && app.slot > world.slot ? app.slot : world.slot;
  const now = useMemo(() => nowOf(world, liveSlot), [world, liveSlot]);
  const user = app.user;
  const epoch = currentEpoch(now);
  const view = withdrawView(amountText, {
    vault: world.vault,
    now,
    protocolPaused: world.config.paused,
    assets: world.assets,
    lrtBalance: user?.lrt ?? null,
    nextBucket: bucketAt(world, epoch + 1n),
    lrtSymbol: lrt,
  });
  const rows = useMemo(
    () => (user ? ticketRows(user.tickets, world.buckets, world.assets, now) : []),
    [user, world, now],
  );
  const busy = app.tx.stage === 'signing' || app.tx.stage === 'sending';
  const claimable = rows.filter((r) => r.state === 'claimable');

  const request = async () => {
    if (!app.signer || !user || view.shares === null || view.disabledReason !== null) return;
    const shares = view.shares;
    const ok = await app.runTransaction(
      `Withdraw ${formatUnits(shares, 9)} ${lrt}`,
      async () => [
        await withdrawInstructions(world, user.owner, shares, view.fee.bps, epoch, user.tickets),
      ],
      (u) => [{ label: `${lrt} balance`, amount: `${formatUnits(u.lrt, 9)} ${lrt}` }],
    );
    if (ok) setAmountText('');
  };

  const claim = async (tickets: TicketRow[]) => {
    if (!app.signer || !user || tickets.length === 0) return;
    const chosen = user.tickets.filter((t) => tickets.some((r) => r.address === t.address));
    const held = world.assets.filter((a) =>
      tickets.some((t) => t.payout.some((p) => p.asset.mint === a.mint)),
    );
    await app.runTransaction(
      tickets.length === 1 ? `Claim ticket ${tickets[0]!.id}` : `Claim ${tickets.length} tickets`,
      async () => Promise.all(chosen.map((t) => claimInstructions(world, t))),
      (u: UserState) =>
        held.map((a) => ({
          label: `${a.symbol} balance`,
          amount: `${formatUnits(u.tokens.get(a.mint) ?? 0n, a.decimals)} ${a.symbol}`,
        })),
    );
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Withdraw</h1>
        <p className="muted">
          Burn {lrt} for a ticket that pays your share of every asset in the vault, in kind, after
          one full restaking epoch.
        </p>
      </header>
      <Card>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void request();
          }}
        >
          <div className="field">
            <label htmlFor="withdraw-amount">{lrt} to withdraw</label>
            <div className="input-row">
              <input
                id="withdraw-amount"
                data-testid="withdraw-amount"
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.0"
                value={amountText}
                onChange={(e) => setAmountText(e.target.value)}
                aria-invalid={view.amountError !== null}
              />
              <button
                type="button"
                data-testid="withdraw-max"
                disabled={view.maxShares === null}
                onClick={() =>
                  view.maxShares !== null && setAmountText(formatUnits(view.maxShares, 9))
                }
              >
                Max
              </button>
            </div>
            <p className="hint">
              {user ? (
                <>
                  You hold <Amount value={user.lrt} decimals={9} unit={lrt} testId="lrt-balance" />
                </>
              ) : (
                'Connect a wallet to see your balance.'
              )}
            </p>
          </div>
          <dl className="preview" aria-live="polite">
            <div className="row">
              <dt>You receive (at claim)</dt>
              <dd>
                {view.basket.length > 0 ? (
                  <ul className="basket" data-testid="withdraw-preview">
                    {view.basket.map((b) => (
                      <li key={b.asset.mint}>
                        <Amount
                          value={b.amount}
                          decimals={b.asset.decimals}
                          unit={b.asset.symbol}
                        />
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </dd>
            </div>
            {view.valueWad !== null ? (
              <div className="row">
                <dt>Worth now</dt>
                <dd>{formatValueSol(view.valueWad)} SOL (prices are not read on the way out)</dd>
              </div>
            ) : null}
            <div className="row">
              <dt>Fee ({formatBps(view.fee.bps)})</dt>
              <dd>
                {view.feeLrt !== null ? (
                  <Amount value={view.feeLrt} decimals={9} unit={lrt} />
                ) : (
                  '—'
                )}
                {view.fee.next ? (
                  <div className="small announced">
                    Announced: {formatBps(view.fee.next.bps)} from epoch{' '}
                    {view.fee.next.fromEpoch.toString()}
                  </div>
                ) : null}
              </dd>
            </div>
          </dl>
          <div className="cooldown">
            <h3>Cooldown</h3>
            <p>{view.cooldown.text}</p>
            <p className="small muted">{view.cooldown.exposureText}</p>
          </div>
          {view.disabledReason ? (
            <p className="disabled-reason" data-testid="withdraw-disabled-reason" role="status">
              {view.disabledReason}
            </p>
          ) : null}
          <button
            type="submit"
            className="primary wide"
            data-testid="withdraw-submit"
            disabled={view.disabledReason !== null || busy}
          >
            {busy
              ? 'Transaction under way…'
              : `Request withdrawal (max fee ${formatBps(view.fee.bps)})`}
          </button>
        </form>
      </Card>

      <Card title="Your tickets">
        {!user ? (
          <p className="muted">Connect a wallet to see your tickets.</p>
        ) : rows.length === 0 ? (
          <p className="muted">No open tickets in this vault.</p>
        ) : (
          <>
            <ul className="tickets">
              {rows.map((r) => (
                <li key={r.address} className={`ticket ticket-${r.state}`} data-testid="ticket">
                  <div className="ticket-head">
                    <strong>Ticket {r.id.toString()}</strong>
                    <span
                      className={`badge badge-${r.state === 'claimable' ? 'ok' : r.state === 'held' ? 'warn' : 'neutral'}`}
                      data-testid="ticket-status"
                    >
                      {STATUS_WORD[r.state]}
                    </span>
                    {r.slashed ? (
                      <span
                        className="badge badge-warn"
                        data-testid="ticket-slashed"
                        title="A slash lowered this ticket's bucket"
                      >
                        touched by a slash
                      </span>
                    ) : null}
                  </div>
                  <p className="small">{r.statusText}</p>
                  <p className="small">
                    Pays:{' '}
                    {r.payout.map((p, i) => (
                      <span key={p.asset.mint}>
                        {i > 0 ? ', ' : ''}
                        <Amount
                          value={p.amount}
                          decimals={p.asset.decimals}
                          unit={p.asset.symbol}
                        />
                      </span>
                    ))}{' '}
                    · {formatUnits(r.lrtBurned, 9)} {lrt} burnt · bucket of epoch{' '}
                    {r.bucketEpoch.toString()}
                  </p>
                  <button
                    type="button"
                    data-testid="claim"
                    disabled={r.state !== 'claimable' || busy}
                    onClick={() => void claim([r])}
                  >
                    Claim
                  </button>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="primary"
              data-testid="claim-all"
              disabled={claimable.length === 0 || busy}
              onClick={() => void claim(claimable)}
            >
              Claim all{claimable.length > 0 ? ` (${claimable.length})` : ''}
            </button>
            {claimable.length === 0 && rows.length > 0 ? (
              <p className="small muted">
                Nothing claimable yet: the next ticket matures in{' '}
                {formatDuration(Math.min(...rows.map((r) => r.estimatedMs)))}.
              </p>
            ) : null}
          </>
        )}
      </Card>
      {world.vault.withdrawalsPaused ? (
        <Notice tone="warn">Withdrawal requests are paused; claims still work.</Notice>
      ) : null}
    </div>
  );
}

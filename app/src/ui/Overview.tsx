// The vault at a glance (src/model/overview.ts), and its share price over time.
import { MS_PER_SLOT, accrueVesting } from '@lrt/client';
import { useMemo } from 'react';

import { priceSeries, snapshotOfVault } from '../model/chart.ts';
import {
  formatBps,
  formatDuration,
  formatSharePrice,
  formatTokenPrice,
  formatUnits,
  formatUnitsShort,
  formatValueSol,
  formatValueSolShort,
  formatWadPercent,
} from '../model/format.ts';
import { overview } from '../model/overview.ts';
import { nowOf, type World } from '../model/world.ts';
import { AddressLink, Amount, Card, Notice, Stat } from './common.tsx';
import { PriceChart } from './PriceChart.tsx';
import type { App } from './useApp.ts';

function FeeLine(props: {
  label: string;
  fee: { bps: number; next: { bps: number; fromEpoch: bigint } | null };
}) {
  const { fee } = props;
  return (
    <div className="row">
      <dt>{props.label}</dt>
      <dd>
        {formatBps(fee.bps)}
        {fee.next ? (
          <span className="announced">
            {' '}
            → {formatBps(fee.next.bps)} from epoch {fee.next.fromEpoch.toString()} (announced)
          </span>
        ) : null}
      </dd>
    </div>
  );
}

export function Overview(props: { app: App; world: World }) {
  const { app, world } = props;
  const slot = app.slot ?? world.slot;
  const now = nowOf(world, slot > world.slot ? slot : world.slot);
  const o = overview(world, nowOf(world));
  const lrt = world.lrt.symbol;
  const history = app.history.value;
  const series = useMemo(() => {
    const live = {
      slot: world.slot,
      blockTime: null,
      snapshot: snapshotOfVault(accrueVesting(world.vault, nowOf(world))),
      event: 'now',
    };
    return priceSeries([...(history?.points ?? []), live]);
  }, [history, world]);
  const elapsed = now.slot - world.slot;
  const slotsLeft = o.epochSlotsLeft > elapsed ? o.epochSlotsLeft - elapsed : 0n;
  return (
    <div className="page" data-testid="overview">
      <header className="page-head">
        <h1>{world.lrt.name}</h1>
        <p className="muted">
          {lrt} · vault <AddressLink address={world.vaultAddress} cluster={app.cluster} /> ·
          restaking epoch {o.epoch.toString()} ({slotsLeft.toString()} slots left,{' '}
          {formatDuration(Number(slotsLeft) * MS_PER_SLOT)})
        </p>
      </header>

      <PauseNotices pauses={o.pauses} />

      <div className="stats">
        <Stat label="Total value" hint="Active pool at the vault's cached prices">
          <span className="amount">
            <span
              className="num"
              data-testid="total-value"
              title={`${formatValueSol(o.totalValueWad)} SOL`}
            >
              {formatValueSol(o.totalValueWad)}
            </span>
            <span className="unit"> SOL</span>
          </span>
        </Stat>
        <Stat
          label={`${lrt} supply`}
          hint={`${formatUnitsShort(o.shareSupply, 9, 4)} shares with the vault's ledgers`}
        >
          <Amount value={o.lrtSupply} decimals={9} unit={lrt} testId="lrt-supply" />
        </Stat>
        <Stat
          label="Share price"
          hint={
            o.price.sharePriceWad !== null && o.price.depositValueWad !== o.price.activeValueWad
              ? `SOL per ${lrt}; deposits pay ${formatSharePrice(o.price.sharePriceWad)} (a margin on Marinade-priced assets)`
              : `SOL per ${lrt}, the vault's value over its shares`
          }
        >
          <span className="amount">
            <span className="num" data-testid="share-price">
              {o.navWad === null ? '1' : formatSharePrice(o.navWad)}
            </span>
            <span className="unit"> SOL</span>
          </span>
        </Stat>
      </div>

      <Card title="Price history">
        <PriceChart
          series={series}
          lrtSymbol={lrt}
          loading={app.history.loading}
          error={app.history.error}
        />
      </Card>

      <Card title="Composition">
        <div className="table-wrap">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Held</th>
                <th scope="col">Value (SOL)</th>
                <th scope="col">Share</th>
                <th scope="col">Price (SOL)</th>
                <th scope="col">Deposit cap used</th>
              </tr>
            </thead>
            <tbody>
              {o.composition.map((c) => (
                <tr key={c.asset.mint}>
                  <th scope="row" data-label="Asset">
                    <AddressLink
                      address={c.asset.mint}
                      cluster={app.cluster}
                      label={c.asset.symbol}
                    />
                  </th>
                  <td data-label="Held" className="num">
                    {formatUnits(c.active, c.asset.decimals)}
                    {c.queued > 0n || c.escrowed > 0n ? (
                      <div className="small muted">
                        {c.queued > 0n
                          ? `${formatUnitsShort(c.queued, c.asset.decimals)} waiting for claims`
                          : ''}
                        {c.escrowed > 0n
                          ? ` ${formatUnitsShort(c.escrowed, c.asset.decimals)} slashed, held`
                          : ''}
                      </div>
                    ) : null}
                  </td>
                  <td data-label="Value (SOL)" className="num">
                    {formatValueSolShort(c.valueWad, 4)}
                  </td>
                  <td data-label="Share" className="num">
                    {formatWadPercent(c.shareWad)}
                  </td>
                  <td data-label="Price (SOL)" className="num">
                    {formatTokenPrice(c.priceWad, c.asset.decimals, 6)}
                  </td>
                  <td data-label="Deposit cap used">
                    {c.uncapped ? (
                      'no cap'
                    ) : (
                      <>
                        <meter
                          min={0}
                          max={1}
                          value={Number(c.capUsedWad) / 1e18}
                          aria-label={`${c.asset.symbol} cap used`}
                        />{' '}
                        {formatWadPercent(c.capUsedWad)} of{' '}
                        {formatUnitsShort(c.depositCap, c.asset.decimals, 2)}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {o.stalePrices ? (
          <p className="small muted">
            Some prices are from an earlier Solana epoch; a deposit refreshes them in the same
            transaction.
          </p>
        ) : null}
      </Card>

      <div className="grid-2">
        <Card title="Fees">
          <dl className="dl">
            <FeeLine label="Deposit" fee={o.fees.deposit} />
            <FeeLine label="Withdrawal" fee={o.fees.withdrawal} />
            <FeeLine label="Rewards" fee={o.fees.reward} />
            <div className="row">
              <dt>Insurance cut</dt>
              <dd>{formatBps(o.fees.insuranceCutBps)} of the reward fee</dd>
            </div>
          </dl>
          <p className="small muted">
            Increases apply only after a full epoch of notice, and every deposit or withdrawal signs
            for the most fee it accepts: a change can never surprise a signed transaction.
          </p>
        </Card>
        <Card title="First-loss capital">
          <dl className="dl">
            <div className="row">
              <dt>Insurance fund</dt>
              <dd>
                {formatUnitsShort(o.insuranceShares, 9)} {lrt} (≈{' '}
                {formatValueSolShort(o.insuranceValueWad)} SOL)
              </dd>
            </div>
            <div className="row">
              <dt>Operators' bonds</dt>
              <dd>
                {formatUnitsShort(o.bondedShares, 9)} {lrt} (≈{' '}
                {formatValueSolShort(o.bondedValueWad)} SOL)
              </dd>
            </div>
            {o.bonds
              .filter((b) => b.shares + b.unbondingShares > 0n)
              .map((b) => (
                <div className="row sub" key={b.operator}>
                  <dt>
                    <AddressLink
                      address={b.operator}
                      cluster={app.cluster}
                      label={world.labels[b.operator]}
                    />
                  </dt>
                  <dd>
                    {formatUnitsShort(b.shares + b.unbondingShares, 9)} {lrt}
                    {b.unbondingShares > 0n
                      ? ` (${formatUnitsShort(b.unbondingShares, 9)} unbonding)`
                      : ''}
                  </dd>
                </div>
              ))}
          </dl>
          <p className="small muted">
            A slash takes an operator's bond first, then the insurance fund, and only then every
            holder pro rata.
          </p>
        </Card>
      </div>
    </div>
  );
}

function PauseNotices(props: { pauses: ReturnType<typeof overview>['pauses'] }) {
  const p = props.pauses;
  const items: string[] = [];
  if (p.protocol)
    items.push('The protocol is paused: deposits and withdrawal requests are refused.');
  if (p.deposits) items.push('Deposits into this vault are paused by its curator.');
  if (p.withdrawals)
    items.push('Withdrawal requests are paused by the curator (claims still work).');
  if (p.depositsReopenAtSlot !== null) {
    items.push(
      `A slash can still be cancelled: deposits reopen at slot ${p.depositsReopenAtSlot}.`,
    );
  }
  if (p.wipedOut) items.push('A slash wiped this vault out: it takes no more deposits.');
  if (items.length === 0) {
    return (
      <p className="status-ok small" role="status">
        Open for deposits and withdrawals.
      </p>
    );
  }
  return (
    <Notice tone="warn">
      {items.map((t) => (
        <p key={t}>{t}</p>
      ))}
    </Notice>
  );
}

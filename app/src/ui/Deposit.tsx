// The deposit screen (src/model/deposit.ts): asset, amount, live preview, the two guards,
// the reason it cannot be signed yet, and a warning step before signing while a slash
// request against one of the vault's operators can still execute.
import { pendingSlashes } from '@lrt/client';
import { useMemo, useState } from 'react';

import { depositInstructions } from '../chain/instructions.ts';
import { depositView, exposureTotals, wrappableLamports } from '../model/deposit.ts';
import {
  formatBps,
  formatSol,
  formatUnits,
  formatValueSol,
  formatWadPercent,
} from '../model/format.ts';
import { pendingRows } from '../model/risk.ts';
import { WSOL_MINT } from '../model/tokens.ts';
import { nowOf, slashAccounts, vaultForDeposit, type World } from '../model/world.ts';
import { Amount, Card, Countdown, Notice } from './common.tsx';
import type { App } from './useApp.ts';

export function Deposit(props: { app: App; world: World }) {
  const { app, world } = props;
  const lrt = world.lrt.symbol;
  const [assetIndex, setAssetIndex] = useState(0);
  const [amountText, setAmountText] = useState('');
  const [minOutText, setMinOutText] = useState<string | null>(null);
  const [maxFeeText, setMaxFeeText] = useState<string | null>(null);
  const [warning, setWarning] = useState(false);

  // the slot the deposit will land near: the polled one (vesting is credited to it)
  const liveSlot = app.slot !== null && app.slot > world.slot ? app.slot : world.slot;
  const now = useMemo(() => nowOf(world, liveSlot), [world, liveSlot]);
  const { vault, refresh } = useMemo(() => vaultForDeposit(world), [world]);
  const accounts = useMemo(() => slashAccounts(world), [world]);
  const pending = useMemo(() => (accounts ? pendingSlashes(accounts, now) : []), [accounts, now]);
  const rows = useMemo(() => pendingRows(world, now).pending, [world, now]);
  const asset = world.assets[assetIndex] ?? null;
  const user = app.user;
  const balance =
    user && asset
      ? {
          token: user.tokens.get(asset.mint) ?? 0n,
          wrappable: wrappableLamports(asset, user.sol, WSOL_MINT),
        }
      : null;
  const view = depositView(
    { assetIndex, amountText, minOutText, maxFeeText },
    {
      vault,
      refresh,
      now,
      protocolPaused: world.config.paused,
      assets: world.assets,
      balance,
      pending,
    },
    lrt,
  );
  const busy = app.tx.stage === 'signing' || app.tx.stage === 'sending';
  const canSign = view.disabledReason === null && !busy;

  const sign = async () => {
    setWarning(false);
    if (!app.signer || view.amount === null || view.minOut === null || view.maxFeeBps === null)
      return;
    const owner = app.signer.address;
    const args = {
      owner,
      assetIndex,
      amount: view.amount,
      minSharesOut: view.minOut,
      maxFeeBps: view.maxFeeBps,
      wrapLamports: view.wrapLamports,
    };
    const symbol = asset?.symbol ?? '';
    const ok = await app.runTransaction(
      `Deposit ${formatUnits(view.amount, asset?.decimals ?? 9)} ${symbol}`,
      async () => [await depositInstructions(world, args)],
      (u) => [
        { label: `${lrt} balance`, amount: `${formatUnits(u.lrt, 9)} ${lrt}` },
        {
          label: `${symbol} balance`,
          amount: `${formatUnits(u.tokens.get(asset!.mint) ?? 0n, asset!.decimals)} ${symbol}`,
        },
      ],
    );
    if (ok) {
      setAmountText('');
      setMinOutText(null);
    }
  };

  const submit = () => {
    if (!canSign) return;
    if (pending.length > 0) setWarning(true);
    else void sign();
  };

  const totals = exposureTotals(pending, view.exposure);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Deposit</h1>
        <p className="muted">
          Deposit a liquid staking token and receive {lrt} at the current share price. Prices are
          refreshed in the same transaction.
        </p>
      </header>
      <Card>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="field">
            <label htmlFor="deposit-asset">Asset</label>
            <select
              id="deposit-asset"
              data-testid="deposit-asset"
              value={assetIndex}
              onChange={(e) => {
                setAssetIndex(Number(e.target.value));
                setMinOutText(null);
              }}
            >
              {world.assets.map((a) => (
                <option key={a.mint} value={a.index}>
                  {a.symbol}
                  {user ? ` · ${formatUnits(user.tokens.get(a.mint) ?? 0n, a.decimals)}` : ''}
                </option>
              ))}
            </select>
            <p className="hint">
              {user && asset ? (
                <>
                  Balance:{' '}
                  <Amount
                    value={balance?.token ?? 0n}
                    decimals={asset.decimals}
                    unit={asset.symbol}
                    testId="asset-balance"
                  />
                  {balance && balance.wrappable > 0n ? (
                    <span className="muted">
                      {' '}
                      (and {formatUnits(balance.wrappable, 9)} SOL that can be wrapped in the same
                      transaction)
                    </span>
                  ) : null}
                  {' · '}
                  You hold <Amount value={user.lrt} decimals={9} unit={lrt} testId="lrt-balance" />
                </>
              ) : (
                'Connect a wallet to see your balances.'
              )}
            </p>
          </div>

          <div className="field">
            <label htmlFor="deposit-amount">Amount{asset ? ` (${asset.symbol})` : ''}</label>
            <div className="input-row">
              <input
                id="deposit-amount"
                data-testid="deposit-amount"
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.0"
                value={amountText}
                onChange={(e) => {
                  setAmountText(e.target.value);
                  setWarning(false);
                }}
                aria-invalid={view.amountError !== null}
                aria-describedby="deposit-amount-hint"
              />
              <button
                type="button"
                data-testid="deposit-max"
                disabled={view.maxAmount === null || asset === null}
                onClick={() =>
                  view.maxAmount !== null &&
                  asset &&
                  setAmountText(formatUnits(view.maxAmount, asset.decimals))
                }
              >
                Max
              </button>
            </div>
            <p className="hint" id="deposit-amount-hint">
              {asset ? (
                <>
                  {view.uncapped
                    ? 'No deposit cap for this asset'
                    : `Room under the cap: ${formatUnits(view.capRoom, asset.decimals)} ${asset.symbol}`}
                  {view.wrapLamports > 0n
                    ? ` · ${formatSol(view.wrapLamports)} SOL will be wrapped first`
                    : ''}
                </>
              ) : null}
            </p>
          </div>

          <dl className="preview" aria-live="polite">
            <div className="row">
              <dt>You receive</dt>
              <dd>
                {view.lrtOut !== null ? (
                  <Amount
                    value={view.lrtOut}
                    decimals={9}
                    unit={lrt}
                    testId="deposit-preview-lrt"
                  />
                ) : (
                  <span data-testid="deposit-preview-lrt">—</span>
                )}
              </dd>
            </div>
            <div className="row">
              <dt>Fee ({formatBps(view.fee.bps)})</dt>
              <dd>
                {view.feeLrt !== null ? (
                  <Amount
                    value={view.feeLrt}
                    decimals={9}
                    unit={lrt}
                    testId="deposit-preview-fee"
                  />
                ) : (
                  <span data-testid="deposit-preview-fee">—</span>
                )}
                {view.fee.next ? (
                  <div className="small announced">
                    Announced: {formatBps(view.fee.next.bps)} from epoch{' '}
                    {view.fee.next.fromEpoch.toString()}
                  </div>
                ) : null}
              </dd>
            </div>
            <div className="row">
              <dt>Rate</dt>
              <dd>{view.rateText ?? '—'}</dd>
            </div>
            {view.valueWad !== null ? (
              <div className="row">
                <dt>Value</dt>
                <dd>{formatValueSol(view.valueWad)} SOL</dd>
              </div>
            ) : null}
          </dl>
          {view.pricesRefreshed ? (
            <p className="small muted">
              This transaction refreshes the vault's prices first; the preview uses the refreshed
              ones.
            </p>
          ) : null}

          <details className="guards" open={minOutText !== null || maxFeeText !== null}>
            <summary>Guards: minimum {lrt} and maximum fee</summary>
            <div className="field">
              <label htmlFor="deposit-min-out">Minimum {lrt} you accept</label>
              <div className="input-row">
                <input
                  id="deposit-min-out"
                  data-testid="deposit-min-out"
                  inputMode="decimal"
                  autoComplete="off"
                  value={minOutText ?? (view.minOut !== null ? formatUnits(view.minOut, 9) : '')}
                  placeholder="preview less 0.5%"
                  onChange={(e) => setMinOutText(e.target.value)}
                  aria-invalid={view.minOutError !== null}
                />
                {minOutText !== null ? (
                  <button type="button" className="ghost" onClick={() => setMinOutText(null)}>
                    Auto
                  </button>
                ) : null}
              </div>
              <p className="hint">
                {view.minOutAuto ? 'Follows the preview, less 0.5%.' : 'Set by you.'} If the deposit
                would mint less, the vault refuses it and nothing changes.
              </p>
            </div>
            <div className="field">
              <label htmlFor="deposit-max-fee">Maximum deposit fee you accept (%)</label>
              <input
                id="deposit-max-fee"
                data-testid="deposit-max-fee"
                inputMode="decimal"
                autoComplete="off"
                value={maxFeeText ?? formatUnits(BigInt(view.fee.bps), 2)}
                onChange={(e) => setMaxFeeText(e.target.value)}
                aria-invalid={view.maxFeeError !== null}
              />
              <p className="hint">
                The fee in force is {formatBps(view.fee.bps)}. If it is higher when the deposit
                executes, the vault refuses the deposit.
              </p>
            </div>
          </details>

          {pending.length > 0 && !warning ? (
            <Notice tone="warn">
              {pending.length === 1 ? 'A slash request' : `${pending.length} slash requests`}{' '}
              against the vault's operators can still execute. You will be asked to confirm before
              signing.
            </Notice>
          ) : null}

          {view.disabledReason ? (
            <p className="disabled-reason" data-testid="deposit-disabled-reason" role="status">
              {view.disabledReason}
            </p>
          ) : null}

          {warning ? (
            <div
              className="slash-warning"
              data-testid="slash-warning"
              role="alertdialog"
              aria-labelledby="slash-warning-title"
            >
              <h3 id="slash-warning-title">Before you sign: a slash is pending</h3>
              <p>
                An operator's stake is its allocation times the vault's value when a slash executes,
                so a deposit made now shares in every pending slash that executes afterwards, as on
                EigenLayer and Symbiotic.
              </p>
              <ul>
                {rows.map((r, i) => (
                  <li key={r.request}>
                    <p>{r.text}</p>
                    <p className="small">
                      {r.status === 'veto_window' ? (
                        <>
                          Veto deadline: slot {r.vetoDeadlineSlot.toString()} (
                          <Countdown slotsLeft={r.vetoSlotsLeft} ms={r.vetoMs} />){' · '}
                        </>
                      ) : null}
                      Executable until slot {r.executableUntilSlot.toString()} (
                      <Countdown slotsLeft={r.expirySlotsLeft} ms={r.expiryMs} />
                      ). Most it can take of your deposit:{' '}
                      <strong>{formatSol(view.exposure[i] ?? 0n)} SOL</strong> (
                      {formatWadPercent(r.maxLossShareWad, 4)}).
                    </p>
                  </li>
                ))}
              </ul>
              <p>
                In all: up to <strong>{formatSol(totals.vault)} SOL</strong> of the vault, up to{' '}
                <strong>{formatSol(totals.deposit)} SOL</strong> of your deposit. You can also wait
                until the requests are executed, vetoed or expired (see Risk).
              </p>
              <div className="actions">
                <button type="button" className="ghost" onClick={() => setWarning(false)}>
                  Wait
                </button>
                <button
                  type="button"
                  className="danger"
                  data-testid="slash-warning-confirm"
                  onClick={() => void sign()}
                >
                  I understand, deposit anyway
                </button>
              </div>
            </div>
          ) : (
            <button
              type="submit"
              className="primary wide"
              data-testid="deposit-submit"
              disabled={!canSign}
            >
              {busy ? 'Transaction under way…' : 'Deposit'}
            </button>
          )}
        </form>
      </Card>
    </div>
  );
}

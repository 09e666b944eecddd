// The share price over time against simply holding the vault's LSTs (src/model/chart.ts
// says how both series are built). An SVG drawn from exact values; the table under it
// gives the same numbers to screen readers and to anyone who wants them.
import { useEffect, useRef, useState } from 'react';

import { chartGeometry, formatChange, type PriceSeries } from '../model/chart.ts';
import { formatSharePrice } from '../model/format.ts';

/** The drawing follows the width of its box (so labels keep their size on a phone). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? fallback);
      if (w > 0) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallback]);
  return { ref, width };
}

export function PriceChart(props: {
  series: PriceSeries;
  lrtSymbol: string;
  loading: boolean;
  error: string | null;
}) {
  const { series, lrtSymbol } = props;
  const [focus, setFocus] = useState<number | null>(null);
  const { ref, width } = useWidth(640);
  const W = width;
  const H = width < 480 ? 200 : 240;
  const g = chartGeometry(series, W, H);
  const last = series.points[series.points.length - 1];
  const focused = focus !== null ? series.points[focus] : last;
  return (
    <figure className="chart" data-testid="price-chart" ref={ref}>
      <figcaption>
        <strong>Share price</strong>, SOL per {lrtSymbol}, from the vault's events (each carries the
        vault's books after it), against <em>holding the LSTs</em>: the basket one {lrtSymbol} held
        at the first point, kept as those LSTs outside the vault and valued at each later point's
        prices. The gap is what restaking added (rewards) or took (fees, slashes) beyond the LSTs'
        own staking yield.
      </figcaption>
      {props.error ? <p className="error">History unavailable: {props.error}</p> : null}
      {series.points.length === 0 ? (
        <p className="muted">
          {props.loading ? 'Reading the vault’s history…' : 'No history yet.'}
        </p>
      ) : (
        <>
          <div className="chart-legend">
            <span className="legend-lrt">
              {lrtSymbol}
              {series.lrtChangeWad !== null ? ` ${formatChange(series.lrtChangeWad)}` : ''}
            </span>
            <span className="legend-hold">
              Holding the LSTs
              {series.holdingChangeWad !== null ? ` ${formatChange(series.holdingChangeWad)}` : ''}
            </span>
            {focused ? (
              <span className="chart-focus">
                slot {focused.slot.toString()}: {formatSharePrice(focused.sharePriceWad)} vs{' '}
                {formatSharePrice(focused.holdingWad)} ({focused.event})
              </span>
            ) : null}
          </div>
          <svg
            width={W}
            height={H}
            viewBox={`0 0 ${W} ${H}`}
            role="img"
            aria-label={`Share price of ${lrtSymbol} over ${series.points.length} points`}
          >
            {g.yTicks.map((t) => (
              <g key={t.y}>
                <line x1={64} x2={W - 12} y1={t.y} y2={t.y} className="grid" />
                <text x={60} y={t.y + 4} textAnchor="end" className="tick">
                  {formatSharePrice(t.value, 6)}
                </text>
              </g>
            ))}
            {g.xTicks.map((t, i) => (
              <text
                key={i}
                x={t.x}
                y={H - 6}
                textAnchor={i === 0 ? 'start' : 'end'}
                className="tick"
              >
                slot {t.slot.toString()}
              </text>
            ))}
            <path d={g.holdingPath} className="line-hold" />
            <path d={g.lrtPath} className="line-lrt" />
            {g.dots.map((d, i) => (
              <circle
                key={i}
                cx={d.x}
                cy={d.y}
                r={focus === i ? 5 : 3}
                className="dot"
                tabIndex={0}
                onMouseEnter={() => setFocus(i)}
                onFocus={() => setFocus(i)}
                onMouseLeave={() => setFocus(null)}
                onBlur={() => setFocus(null)}
              >
                <title>
                  slot {d.point.slot.toString()}: {formatSharePrice(d.point.sharePriceWad)} SOL (
                  {d.point.event})
                </title>
              </circle>
            ))}
          </svg>
          <details>
            <summary>The numbers ({series.points.length} points)</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Slot</th>
                    <th scope="col">Event</th>
                    <th scope="col">{lrtSymbol} (SOL)</th>
                    <th scope="col">Holding (SOL)</th>
                  </tr>
                </thead>
                <tbody>
                  {series.points.map((p, i) => (
                    <tr key={i}>
                      <td>{p.slot.toString()}</td>
                      <td>{p.event}</td>
                      <td className="num">{formatSharePrice(p.sharePriceWad, 12)}</td>
                      <td className="num">{formatSharePrice(p.holdingWad, 12)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}

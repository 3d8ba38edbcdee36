import { memo, Profiler, useContext } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatClockShort, formatRate } from '../../format/format';
import type { Row } from '../../series/downsample';
import { ChartProfileContext } from './chartProfile';

export interface SeriesSpec {
  key: string;
  name: string;
  color: string;
  /** A dash pattern as a second cue besides colour. */
  dash?: string;
}

export interface TimeSeriesChartProps {
  id: string;
  title: string;
  rows: readonly Row[];
  series: readonly SeriesSpec[];
  note?: string;
  emptyText: string;
  height?: number;
  stale: boolean;
}

/**
 * One chart over time: numeric time axis with the domain taken from the data, no animation, no
 * dots, rows already bounded by the caller (downsampled), so an update costs milliseconds.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({ id, title, rows, series, note, emptyText, height = 200, stale }: TimeSeriesChartProps) {
  const onRender = useContext(ChartProfileContext);
  // Under ten minutes of data, minutes alone would repeat on every tick: show seconds too.
  const span = rows.length > 1 ? (rows[rows.length - 1] as Row).at - (rows[0] as Row).at : 0;
  const tickFormatter = span < 10 * 60_000 ? formatClock : formatClockShort;
  const chart = (
    <LineChart responsive style={{ width: '100%', height }} data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
      <CartesianGrid stroke="#2c3440" strokeDasharray="2 4" vertical={false} />
      <XAxis
        dataKey="at"
        type="number"
        scale="linear"
        domain={['dataMin', 'dataMax']}
        tickFormatter={tickFormatter}
        stroke="#8b97a8"
        tick={{ fontSize: 12 }}
        minTickGap={40}
      />
      <YAxis stroke="#8b97a8" tick={{ fontSize: 12 }} width={56} tickFormatter={(v: number) => formatRate(v)} />
      <Tooltip
        isAnimationActive={false}
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the label is the row's `at` (a number); anything else prints as it comes.
        labelFormatter={(label) => (typeof label === 'number' ? formatClock(label) : String(label))}
        formatter={(value) => (typeof value === 'number' ? formatRate(value) : String(value))}
        contentStyle={{ background: '#11161d', border: '1px solid #3a4452' }}
      />
      {series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.name}
          type="linear"
          stroke={s.color}
          strokeWidth={2}
          strokeDasharray={s.dash}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
  return (
    <figure className={`chart${stale ? ' is-stale' : ''}`} data-testid={`chart-${id}`} data-points={rows.length}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.key} className="legend-item">
              <svg width="22" height="8" aria-hidden="true">
                <line x1="0" y1="4" x2="22" y2="4" stroke={s.color} strokeWidth="2" strokeDasharray={s.dash} />
              </svg>
              {s.name}
            </span>
          ))}
        </span>
        {note && <span className="chart-note">{note}</span>}
      </figcaption>
      {rows.length === 0 ? (
        <div className="chart-empty" style={{ height }}>
          {emptyText}
        </div>
      ) : onRender ? (
        <Profiler id={id} onRender={onRender}>
          {chart}
        </Profiler>
      ) : (
        chart
      )}
    </figure>
  );
});

import { memo, Profiler, useContext, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatClockShort, formatRate } from '../../format/format';
import type { Row } from '../../series/downsample';
import type { ChartMarker } from './chartMarkers';
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
  /** Control changes, alerts and drills, drawn at their time (only those inside the rows' span). */
  markers?: readonly ChartMarker[];
  /** A range dragged across the chart (ms, from < to): every chart then reads that window. */
  onRangeSelect?: (from: number, to: number) => void;
}

/** The time under the pointer, from a Recharts mouse event. */
function timeOf(state: unknown): number | null {
  const label = (state as { activeLabel?: unknown } | null)?.activeLabel;
  const n = typeof label === 'string' ? Number(label) : label;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** A marker's symbol at the top of its line; hovering it shows who, what and why. */
function MarkerLabel({ marker, viewBox }: { marker: ChartMarker; viewBox?: { x?: number; y?: number } }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  return (
    <g className="chart-marker" data-testid="chart-marker" data-kind={marker.kind} data-at={marker.at}>
      <title>{marker.detail}</title>
      <text x={x} y={y + 12} textAnchor="middle" fill={marker.color} fontSize={14} fontWeight={700}>
        {marker.symbol}
      </text>
    </g>
  );
}

/**
 * One chart over time: numeric time axis with the domain taken from the data, no animation, no
 * dots, rows already bounded by the caller (downsampled), so an update costs milliseconds.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({
  id,
  title,
  rows,
  series,
  note,
  emptyText,
  height = 200,
  stale,
  markers = [],
  onRangeSelect,
}: TimeSeriesChartProps) {
  // While dragging: where it started and where the pointer is (only this chart redraws meanwhile).
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const onRender = useContext(ChartProfileContext);
  // Under ten minutes of data, minutes alone would repeat on every tick: show seconds too.
  const span = rows.length > 1 ? (rows[rows.length - 1] as Row).at - (rows[0] as Row).at : 0;
  const tickFormatter = span < 10 * 60_000 ? formatClock : formatClockShort;
  const first = rows[0]?.at ?? 0;
  const last = rows[rows.length - 1]?.at ?? 0;
  // Only the markers inside the time axis; a marker newer than the last row appears with the next row.
  const shown = markers.filter((m) => m.at >= first && m.at <= last);
  const chart = (
    <LineChart
      responsive
      style={{ width: '100%', height, cursor: onRangeSelect ? 'crosshair' : undefined }}
      data={rows}
      margin={{ top: 6, right: 12, bottom: 0, left: 0 }}
      onMouseDown={(state) => {
        const at = timeOf(state);
        if (onRangeSelect && at !== null) setDrag({ from: at, to: at });
      }}
      onMouseMove={(state) => {
        const at = timeOf(state);
        if (drag && at !== null && at !== drag.to) setDrag({ from: drag.from, to: at });
      }}
      onMouseUp={() => {
        if (drag && onRangeSelect && drag.from !== drag.to) onRangeSelect(Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
        setDrag(null);
      }}
      onMouseLeave={() => setDrag(null)}
    >
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
      {shown.map((m) => (
        <ReferenceLine key={m.id} x={m.at} stroke={m.color} strokeDasharray="3 3" strokeOpacity={0.8} label={<MarkerLabel marker={m} />} />
      ))}
      {drag && drag.from !== drag.to && <ReferenceArea x1={drag.from} x2={drag.to} fill="#5b9bd5" fillOpacity={0.25} ifOverflow="visible" />}
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
    <figure className={`chart${stale ? ' is-stale' : ''}`} data-testid={`chart-${id}`} data-points={rows.length} data-first={first} data-last={last}>
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

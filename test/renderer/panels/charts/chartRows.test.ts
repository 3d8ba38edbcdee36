import { describe, expect, it } from 'vitest';
import { toSample, type Sample } from '../../../../renderer/connection/sample';
import { chartRows, type ChartRows } from '../../../../renderer/panels/charts/chartRows';
import { MAX_POINTS } from '../../../../renderer/series/downsample';
import { sliceWindow } from '../../../../renderer/series/timeWindow';
import { craftSnapshot } from '../../support/craftSnapshot';

const T0 = Date.UTC(2021, 7, 9, 11, 0, 0);
const sample = (i: number): Sample => toSample(craftSnapshot({ at: T0 + i * 1000 + 137, queue: { depth: 1000 + i } }));
const CHARTS = ['concurrency', 'flow', 'latency', 'bookings'] as const;

describe('chart rows for a full 15-minute window', () => {
  it('plot whole 5-second averages, at most MAX_POINTS per series', () => {
    const samples = Array.from({ length: 900 }, (_, i) => sample(i));
    const rows = chartRows(sliceWindow(samples, '15m', null));
    expect(rows.bucketSec).toBe(5);
    for (const chart of CHARTS) {
      expect(rows[chart].length).toBeLessThanOrEqual(MAX_POINTS);
      expect(rows[chart].length).toBeGreaterThan(170);
    }
    // A whole bucket of depth 1000+i..1000+i+4 averages to its middle value.
    const depths = rows.concurrency.map((r) => r.depth as number);
    expect(depths.every((d) => (d - 1002) % 5 === 0)).toBe(true);
  });

  it('redraw each chart once per bucket, never two charts in the same second', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => sample(i));
    let rows: ChartRows = chartRows(sliceWindow(samples, '15m', null));
    const redraws: Record<string, number> = { concurrency: 0, flow: 0, latency: 0, bookings: 0 };
    for (let i = 1000; i < 1040; i++) {
      samples.push(sample(i));
      const next = chartRows(sliceWindow(samples, '15m', null), rows);
      const changed = CHARTS.filter((c) => next[c] !== rows[c]);
      expect(changed.length).toBeLessThanOrEqual(1);
      for (const c of changed) redraws[c] = (redraws[c] ?? 0) + 1;
      rows = next;
    }
    for (const chart of CHARTS) expect(redraws[chart]).toBe(8);
    // The newest point is at most one bucket behind the newest sample.
    expect(samples.at(-1)!.at - rows.concurrency.at(-1)!.at).toBeLessThanOrEqual(2 * 5000);
  });

  it('move every second while the window holds no more than MAX_POINTS samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => sample(i));
    const first = chartRows(samples);
    samples.push(sample(100));
    const next = chartRows(samples, first);
    for (const chart of CHARTS) expect(next[chart]).not.toBe(first[chart]);
    expect(next.concurrency.at(-1)?.depth).toBe(1100);
  });
});

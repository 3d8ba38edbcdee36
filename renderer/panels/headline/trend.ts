import type { Sample } from '../../connection/sample';
import { bucketRows } from '../../series/downsample';
import { itemSecondsBefore, sliceWindow } from '../../series/timeWindow';

export type TrendDirection = 'up' | 'down' | 'flat';

export interface Trend {
  direction: TrendDirection;
  delta: number;
  /** Last five minutes, at most 60 points, for the sparkline. */
  recent: readonly (number | null)[];
}

/** Change over the last minute (flat within 1 % or one unit) and the last five minutes' shape. */
export function trendOf(samples: readonly Sample[], pick: (s: Sample) => number | null): Trend {
  const newest = samples[samples.length - 1];
  const before = itemSecondsBefore(samples, 60);
  const now = newest ? pick(newest) : null;
  const then = before ? pick(before) : null;
  const delta = now !== null && then !== null ? now - then : 0;
  const tolerance = Math.max(1, Math.abs(then ?? 0) * 0.01);
  const direction: TrendDirection = Math.abs(delta) < tolerance ? 'flat' : delta > 0 ? 'up' : 'down';
  const rows = bucketRows(sliceWindow(samples, '5m', null), ['v'], (s, into) => (into.v = pick(s)), { maxPoints: 60 });
  const recent = rows.map((r) => r.v ?? null);
  return { direction, delta, recent };
}

import { foldTrend, HISTORY_RANGE_MAX_POINTS, toTrendPoint, type HistoryRangeReply, type Snapshot, type TrendPoint, type TrendTier } from '../../protocol';
import type { ConsoleStore } from '../store';
import type { HistoryRing } from './history-ring';

const SECOND = 1000;
const HOUR = 3600_000;
export const TIERS: readonly TrendTier[] = [10, 60];

export interface TierKeep {
  /** Hours kept per tier. */
  hours: Record<TrendTier, number>;
}

/**
 * Called by the node that stored `next`, before it joins the ring: each tier whose bucket `next`
 * leaves behind gets that bucket's point, folded from the ring's seconds in it (foldTrend: rates
 * averaged, counters and gauges last). The store writes a bucket once, whoever asks first.
 */
export async function foldTiers(store: ConsoleStore, ring: HistoryRing, next: Snapshot, keep: TierKeep): Promise<void> {
  const previous = ring.last;
  if (!previous) return;
  for (const tier of TIERS) {
    const width = tier * SECOND;
    const start = Math.floor(previous.at / width) * width;
    if (Math.floor(next.at / width) * width === start || keep.hours[tier] <= 0) continue;
    const inBucket = ring.since(start).filter((s) => s.at < start + width);
    if (inBucket.length === 0) continue;
    await store.putTrendPoint(tier, foldTrend(inBucket.map(toTrendPoint), start), keep.hours[tier] * HOUR);
  }
}

/** Groups points into buckets of `widthMs` (aligned to the clock), folded like the tiers. */
function rebucket(points: readonly TrendPoint[], widthMs: number): TrendPoint[] {
  const out: TrendPoint[] = [];
  let group: TrendPoint[] = [];
  let start = NaN;
  for (const p of points) {
    const s = Math.floor(p.at / widthMs) * widthMs;
    if (s !== start && group.length > 0) {
      out.push(foldTrend(group, start));
      group = [];
    }
    start = s;
    group.push(p);
  }
  if (group.length > 0) out.push(foldTrend(group, start));
  return out;
}

/**
 * The points for [from, to]: the 1 s ring when it holds `from`, else the finest tier that still
 * keeps `from` and covers the range in at most HISTORY_RANGE_MAX_POINTS points; a range too long
 * even for the 60 s tier is folded into wider buckets (whole minutes).
 */
export async function historyRange(store: ConsoleStore, ring: HistoryRing, now: number, from: number, to: number, keep: TierKeep): Promise<HistoryRangeReply> {
  const span = to - from;
  const oldest = ring.first?.at;
  if (oldest !== undefined && from >= oldest && span / SECOND <= HISTORY_RANGE_MAX_POINTS) {
    return {
      bucketSec: 1,
      points: ring
        .since(from)
        .filter((s) => s.at <= to)
        .map(toTrendPoint),
    };
  }
  for (const tier of TIERS) {
    const kept = keep.hours[tier] > 0 && from >= now - keep.hours[tier] * HOUR;
    if (kept && span / (tier * SECOND) <= HISTORY_RANGE_MAX_POINTS) return { bucketSec: tier, points: await store.trendPoints(tier, from, to) };
  }
  const points = await store.trendPoints(60, from, to);
  const widthMs = Math.max(60, Math.ceil(span / SECOND / HISTORY_RANGE_MAX_POINTS / 60) * 60) * SECOND;
  return { bucketSec: widthMs / SECOND, points: widthMs === 60 * SECOND ? points : rebucket(points, widthMs) };
}

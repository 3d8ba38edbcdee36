import Type, { type Static } from 'typebox';
import { PROVIDER_IDS, type ProviderId } from './providers';
import type { Snapshot } from './snapshot';

/** One provider's figures in a trend point. */
export interface ProviderTrend {
  p95: number | null;
  successPct: number | null;
  inflight: number;
}

/**
 * One moment of the night reduced to the numbers the charts plot: one second in the live ring,
 * or a 10 s / 60 s bucket in the server's coarse tiers. Numbers only, so a tier stays small.
 */
export interface TrendPoint {
  at: number;
  concurrency: number;
  waitingLive: number;
  active: number;
  depth: number;
  joined: number;
  admitted: number;
  abandoned: number;
  rateSet: number;
  etaMaxSec: number | null;
  booked: number;
  bookedTotal: number;
  failures: number;
  seatsLeft: number;
  providers: Record<ProviderId, ProviderTrend>;
}

export function toTrendPoint(snapshot: Snapshot): TrendPoint {
  const providers = {} as Record<ProviderId, ProviderTrend>;
  for (const id of PROVIDER_IDS) {
    const health = snapshot.providers.find((p) => p.id === id);
    providers[id] = {
      p95: health?.p95Ms ?? null,
      successPct: health?.successRate === null || health?.successRate === undefined ? null : health.successRate * 100,
      inflight: health?.inflight ?? 0,
    };
  }
  return {
    at: snapshot.at,
    concurrency: snapshot.concurrency.total,
    waitingLive: snapshot.concurrency.waitingLive,
    active: snapshot.concurrency.active,
    depth: snapshot.queue.depth,
    joined: snapshot.queue.joinedPerSec,
    admitted: snapshot.queue.admittedPerSec,
    abandoned: snapshot.queue.abandonedPerSec,
    rateSet: snapshot.controls.admissionRatePerSec,
    etaMaxSec: snapshot.queue.eta?.maxSec ?? null,
    booked: snapshot.booking.bookedPerSec,
    bookedTotal: snapshot.booking.total,
    failures: snapshot.booking.failuresPerSec,
    seatsLeft: snapshot.booking.seatsLeft,
    providers,
  };
}

/** Per-second rates: a bucket's point is their AVERAGE over the bucket's seconds. */
const RATE_KEYS = ['joined', 'admitted', 'abandoned', 'booked', 'failures'] as const;

/**
 * One bucket's point from its 1 s points (oldest first, at least one): rates are averaged;
 * counters and gauges (totals, depth, concurrency, rate set, ETA, provider figures) take the
 * bucket's LAST value. `at` is the bucket's start.
 */
export function foldTrend(points: readonly TrendPoint[], bucketStart: number): TrendPoint {
  const last = points[points.length - 1] as TrendPoint;
  const folded: TrendPoint = { ...last, at: bucketStart, providers: structuredClone(last.providers) };
  for (const key of RATE_KEYS) {
    let sum = 0;
    for (const p of points) sum += p[key];
    folded[key] = Math.round((sum / points.length) * 1000) / 1000;
  }
  return folded;
}

/** The widest range one `history:range` may ask for: a day and a half. */
export const HISTORY_RANGE_MAX_MS = 36 * 3600_000;
/** The most points one `history:range` answer holds. */
export const HISTORY_RANGE_MAX_POINTS = 1000;
/** The coarse tiers stored beside the 1 s ring. */
export type TrendTier = 10 | 60;

export const HistoryRangePayload = Type.Object(
  {
    /** ms since the epoch, inclusive. */
    from: Type.Integer({ minimum: 0, maximum: 32_503_680_000_000 }),
    /** ms since the epoch, inclusive; at most HISTORY_RANGE_MAX_MS after `from`. */
    to: Type.Integer({ minimum: 0, maximum: 32_503_680_000_000 }),
  },
  { additionalProperties: false },
);
export type HistoryRangePayload = Static<typeof HistoryRangePayload>;

/** The `history:range` ack's value: points oldest first, each a bucket of `bucketSec` (1, 10, 60, or whole minutes beyond). */
export interface HistoryRangeReply {
  points: TrendPoint[];
  bucketSec: number;
}

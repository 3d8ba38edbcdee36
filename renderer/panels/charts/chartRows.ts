import { PROVIDER_IDS, type ProviderId } from '../../../protocol';
import type { Sample } from '../../connection/sample';
import { bucketMs, bucketRows, MAX_POINTS, sameRowsOr, type BucketOptions, type PastGap, type Row } from '../../series/downsample';

/** The four charts' rows from one window of samples, each bounded to MAX_POINTS. */
export interface ChartRows {
  concurrency: readonly Row[];
  flow: readonly Row[];
  latency: readonly Row[];
  bookings: readonly Row[];
  /** Seconds averaged into each point, when the window held more samples than a chart plots. */
  bucketSec: number | null;
}

const LATENCY_KEYS: readonly string[] = PROVIDER_IDS;

/**
 * A long window is averaged into whole buckets only, each chart's bucket edges one second apart
 * from the next chart's: a chart redraws once per bucket, and no two redraw in the same second.
 * `previous` rows are kept (same array) when nothing a chart plots has changed.
 */
export function chartRows(samples: readonly Sample[], previous?: ChartRows, past?: PastGap): ChartRows {
  const options = (k: number): BucketOptions => ({ offsetMs: k * 1000, wholeBucketsOnly: true, past });
  return {
    concurrency: sameRowsOr(
      previous?.concurrency,
      bucketRows(
        samples,
        ['concurrency', 'depth'],
        (s, v) => {
          v.concurrency = s.concurrency;
          v.depth = s.depth;
        },
        options(0),
      ),
    ),
    flow: sameRowsOr(
      previous?.flow,
      bucketRows(
        samples,
        ['joined', 'admitted', 'abandoned', 'rateSet'],
        (s, v) => {
          v.joined = s.joined;
          v.admitted = s.admitted;
          v.abandoned = s.abandoned;
          v.rateSet = s.rateSet;
        },
        options(1),
      ),
    ),
    latency: sameRowsOr(
      previous?.latency,
      bucketRows(
        samples,
        LATENCY_KEYS,
        (s, v) => {
          for (const id of PROVIDER_IDS) v[id] = s.providers[id].p95;
        },
        options(2),
      ),
    ),
    bookings: sameRowsOr(
      previous?.bookings,
      bucketRows(
        samples,
        ['booked', 'failures'],
        (s, v) => {
          v.booked = s.booked;
          v.failures = s.failures;
        },
        options(3),
      ),
    ),
    bucketSec: samples.length > MAX_POINTS ? bucketMs((samples[samples.length - 1] as Sample).at - (samples[0] as Sample).at) / 1000 : null,
  };
}

/** One provider's detail: p95, success rate and in-flight calls. */
export function providerRows(samples: readonly Sample[], id: ProviderId, previous?: readonly Row[]): readonly Row[] {
  return sameRowsOr(
    previous,
    bucketRows(
      samples,
      ['p95', 'successPct', 'inflight'],
      (s, v) => {
        const p = s.providers[id];
        v.p95 = p.p95;
        v.successPct = p.successPct;
        v.inflight = p.inflight;
      },
      { wholeBucketsOnly: true },
    ),
  );
}

import { PROVIDER_IDS } from '../../../protocol';
import type { Sample } from '../../connection/sample';
import { downsample, type Row } from '../../series/downsample';

/** The four charts' rows from one window of samples, each bounded to MAX_POINTS. */
export interface ChartRows {
  concurrency: readonly Row[];
  flow: readonly Row[];
  latency: readonly Row[];
  bookings: readonly Row[];
  /** Whether the window held more samples than a chart plots. */
  downsampled: boolean;
}

export function chartRows(samples: readonly Sample[]): ChartRows {
  const concurrency: Row[] = [];
  const flow: Row[] = [];
  const latency: Row[] = [];
  const bookings: Row[] = [];
  for (const s of samples) {
    concurrency.push({ at: s.at, concurrency: s.concurrency, depth: s.depth } as Row);
    flow.push({ at: s.at, joined: s.joined, admitted: s.admitted, abandoned: s.abandoned, rateSet: s.rateSet } as Row);
    const p95 = { at: s.at } as Row;
    for (const id of PROVIDER_IDS) p95[id] = s.providers[id].p95;
    latency.push(p95);
    bookings.push({ at: s.at, booked: s.booked, failures: s.failures } as Row);
  }
  return {
    concurrency: downsample(concurrency),
    flow: downsample(flow),
    latency: downsample(latency),
    bookings: downsample(bookings),
    downsampled: samples.length > 300,
  };
}

/** One provider's detail: p95, success rate and in-flight calls. */
export function providerRows(samples: readonly Sample[], id: (typeof PROVIDER_IDS)[number]): readonly Row[] {
  return downsample(
    samples.map((s) => ({ at: s.at, p95: s.providers[id].p95, successPct: s.providers[id].successPct, inflight: s.providers[id].inflight }) as Row),
  );
}

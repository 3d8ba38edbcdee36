import { PROVIDER_IDS, type ProviderId, type Snapshot } from '../../protocol';

/** One second of the night reduced to what the charts and trends plot. */
export interface Sample {
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
  providers: Record<ProviderId, ProviderSample>;
}

export interface ProviderSample {
  p95: number | null;
  successPct: number | null;
  inflight: number;
}

export function toSample(snapshot: Snapshot): Sample {
  const providers = {} as Record<ProviderId, ProviderSample>;
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

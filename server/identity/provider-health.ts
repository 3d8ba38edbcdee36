import type { CircuitState, Light, ProviderHealth, ProviderId } from '../../protocol';
import { field, latencyField } from './call-counts';
import type { LightThresholds } from './identity-config';
import { LATENCY_BINS, latencyQuantile } from './latency-histogram';

/** One provider's counts over the whole window, summed from the cluster's buckets. */
export interface ProviderWindow {
  calls: number;
  ok: number;
  rejected: number;
  errors: number;
  timeouts: number;
  busy: number;
  refused: number;
  latencyBins: number[];
}

export interface ProviderGauges {
  inflight: number;
  circuit: CircuitState;
}

export function sumWindow(buckets: Record<string, number>[], id: ProviderId): ProviderWindow {
  const total = (name: string) => buckets.reduce((sum, b) => sum + (b[field(id, name)] ?? 0), 0);
  return {
    calls: total('calls'),
    ok: total('ok'),
    rejected: total('rejected'),
    errors: total('error'),
    timeouts: total('timeout'),
    busy: total('busy'),
    refused: total('refused'),
    latencyBins: Array.from({ length: LATENCY_BINS }, (_, bin) => buckets.reduce((sum, b) => sum + (b[latencyField(id, bin)] ?? 0), 0)),
  };
}

/** In flight across the cluster; the circuit is as bad as the worst node's. */
export function sumGauges(gauges: Record<string, number>[], id: ProviderId): ProviderGauges {
  const total = (name: string) => gauges.reduce((sum, g) => sum + (g[field(id, name)] ?? 0), 0);
  const circuit: CircuitState = total('open') > 0 ? 'open' : total('halfOpen') > 0 ? 'half-open' : 'closed';
  return { inflight: total('inflight'), circuit };
}

/** Answered calls (verified or not) among the calls that reached the provider. */
export function successRate(w: ProviderWindow): number | null {
  return w.calls > 0 ? (w.ok + w.rejected) / w.calls : null;
}

/**
 * The light, measured, never set by hand: off when a commander switched the provider off;
 * red when its circuit is not closed, or it fails, times out or is congested; yellow when
 * slow or a little unreliable; green otherwise. Rates need `minRequests` to speak.
 */
export function lightOf(w: ProviderWindow, gauges: ProviderGauges, enabled: boolean, t: LightThresholds): Light {
  if (!enabled) return 'off';
  if (gauges.circuit !== 'closed') return 'red';
  const attempts = w.calls + w.busy;
  if (attempts >= t.minRequests && w.busy / attempts >= t.redBusyRate) return 'red';
  if (w.calls < t.minRequests) return 'green';
  const rate = successRate(w) ?? 1;
  if (rate < t.redSuccessRate || w.timeouts / w.calls >= t.redTimeoutRate) return 'red';
  const p95 = latencyQuantile(w.latencyBins, 0.95);
  if ((p95 !== null && p95 > t.yellowP95Ms) || rate < t.yellowSuccessRate) return 'yellow';
  return 'green';
}

export function healthOf(id: ProviderId, w: ProviderWindow, gauges: ProviderGauges, light: Light, windowSec: number, minRequests: number): ProviderHealth {
  const rate = successRate(w);
  return {
    id,
    light,
    successRate: rate === null ? null : Math.round(rate * 10_000) / 10_000,
    p50Ms: latencyQuantile(w.latencyBins, 0.5),
    p95Ms: latencyQuantile(w.latencyBins, 0.95),
    requestsPerSec: Math.round((w.calls / windowSec) * 100) / 100,
    requests: w.calls,
    measured: w.calls >= minRequests,
    timeouts: w.timeouts,
    errors: w.errors,
    inflight: gauges.inflight,
    circuit: gauges.circuit,
    windowSec,
  };
}

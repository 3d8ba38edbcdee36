import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { PROVIDER_IDS, type Light, type ProviderHealth, type ProviderId } from '../../protocol';
import type { CallOutcome } from './call-counts';
import { LATENCY_BOUNDS_MS } from './latency-histogram';
import type { ProviderClient } from './provider-client';

const LIGHT_VALUE: Record<Light, number> = { green: 0, yellow: 1, red: 2, off: 3 };

/** This node's view, for Prometheus; the cluster-wide view is the cluster health. */
export function createIdentityMetrics(registry: Registry, clients: Record<ProviderId, ProviderClient>) {
  const requests = new Counter({
    name: 'sluice_identity_requests_total',
    help: 'Verification attempts by provider and outcome (ok, rejected, error, timeout, busy, refused)',
    labelNames: ['provider', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'sluice_identity_provider_latency_seconds',
    help: 'Latency of calls to identity providers',
    labelNames: ['provider'],
    buckets: LATENCY_BOUNDS_MS.map((ms) => ms / 1000),
    registers: [registry],
  });
  new Gauge({
    name: 'sluice_identity_inflight',
    help: 'Calls in flight to each identity provider from this node',
    labelNames: ['provider'],
    registers: [registry],
    collect() {
      for (const id of PROVIDER_IDS) this.set({ provider: id }, clients[id].inflight);
    },
  });
  const light = new Gauge({
    name: 'sluice_identity_light',
    help: 'Cluster-wide light of each identity provider: 0 green, 1 yellow, 2 red, 3 off',
    labelNames: ['provider'],
    registers: [registry],
  });
  return {
    record(id: ProviderId, outcome: CallOutcome, latencyMs?: number): void {
      requests.inc({ provider: id, outcome });
      if (latencyMs !== undefined) latency.observe({ provider: id }, latencyMs / 1000);
    },
    lights(health: ProviderHealth[]): void {
      for (const h of health) light.set({ provider: h.id }, LIGHT_VALUE[h.light]);
    },
  };
}
export type IdentityMetrics = ReturnType<typeof createIdentityMetrics>;

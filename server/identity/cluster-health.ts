import { PROVIDER_IDS, type ProviderHealth, type ProviderId } from '../../protocol';
import type { Clock } from '../clock';
import type { IdentityStore } from '../store';
import { field, CallCounts, type CallOutcome } from './call-counts';
import type { LightThresholds } from './identity-config';
import { healthOf, lightOf, sumGauges, sumWindow, type ProviderGauges, type ProviderWindow } from './provider-health';
import type { ProviderClient } from './provider-client';

/** A node that has not flushed for this long no longer counts towards in-flight and circuits. */
const GAUGES_FRESH_MS = 3000;

interface Measured {
  windows: Record<ProviderId, ProviderWindow>;
  gauges: Record<ProviderId, ProviderGauges>;
}

/**
 * Cluster-wide provider health. Each node counts its own calls per second in memory, flushes
 * them to the store once a second, and reads back the window merged from all nodes, so every
 * node computes the same lights from the same numbers.
 */
export class ClusterHealth {
  private readonly counts = new CallCounts();
  private measured: Measured | undefined;
  private latest: ProviderHealth[];
  private at = 0;
  /** Nodes that flushed lately, this one included, sorted: each takes a share of every limit. */
  private nodes: string[];

  constructor(
    private readonly store: IdentityStore,
    private readonly clock: Clock,
    private readonly nodeId: string,
    private readonly windowSec: number,
    private readonly thresholds: LightThresholds,
    private readonly clients: Record<ProviderId, ProviderClient>,
    private readonly enabled: (id: ProviderId) => boolean,
  ) {
    this.latest = this.compute();
    this.nodes = [nodeId];
  }

  get updatedAt(): number {
    return this.at;
  }

  record(id: ProviderId, outcome: CallOutcome, latencyMs?: number): void {
    this.counts.record(Math.floor(this.clock.now() / 1000), id, outcome, latencyMs);
  }

  /** Sends this node's counts and gauges to the store; on failure they wait for the next flush. */
  async flush(): Promise<void> {
    const now = this.clock.now();
    const buckets = this.counts.drain();
    const values: Record<string, number> = {};
    for (const id of PROVIDER_IDS) {
      const client = this.clients[id];
      if (client.inflight) values[field(id, 'inflight')] = client.inflight;
      if (client.circuit === 'open') values[field(id, 'open')] = 1;
      if (client.circuit === 'half-open') values[field(id, 'halfOpen')] = 1;
    }
    try {
      await this.store.flushHealth({ nodeId: this.nodeId, buckets, gauges: { at: now, values }, ttlSec: this.windowSec + 10 });
    } catch (err) {
      this.counts.restore(buckets, Math.floor(now / 1000) - this.windowSec);
      throw err;
    }
  }

  /** Reads the last `windowSec` complete seconds of the whole cluster and recomputes the lights. */
  async refresh(): Promise<ProviderHealth[]> {
    const now = this.clock.now();
    const current = Math.floor(now / 1000);
    const seconds = Array.from({ length: this.windowSec }, (_, i) => current - this.windowSec + i);
    const read = await this.store.readHealth(seconds, now - GAUGES_FRESH_MS);
    this.measured = {
      windows: Object.fromEntries(PROVIDER_IDS.map((id) => [id, sumWindow(read.buckets, id)])) as Measured['windows'],
      gauges: Object.fromEntries(
        PROVIDER_IDS.map((id) => [
          id,
          sumGauges(
            read.gauges.map((g) => g.values),
            id,
          ),
        ]),
      ) as Measured['gauges'],
    };
    this.nodes = [...new Set([this.nodeId, ...read.gauges.map((g) => g.nodeId)])].sort();
    this.at = now;
    this.latest = this.compute();
    return this.latest;
  }

  /** Lights again from the last measurement, e.g. when a commander switched a provider off. */
  recompute(): void {
    this.latest = this.compute();
  }

  health(): ProviderHealth[] {
    return this.latest;
  }

  /**
   * This node's part of a cluster-wide limit: split evenly among the live nodes, the remainder
   * going to the first ones, so the parts never add up to more than the limit.
   */
  shareOf(limit: number): number {
    const count = this.nodes.length;
    const rank = this.nodes.indexOf(this.nodeId);
    return Math.floor(limit / count) + (rank < limit % count ? 1 : 0);
  }

  private compute(): ProviderHealth[] {
    return PROVIDER_IDS.map((id) => {
      const w = this.measured?.windows[id] ?? sumWindow([], id);
      const g = this.measured?.gauges[id] ?? { inflight: 0, circuit: 'closed' as const };
      return healthOf(id, w, g, lightOf(w, g, this.enabled(id), this.thresholds), this.windowSec, this.thresholds.minRequests);
    });
  }
}

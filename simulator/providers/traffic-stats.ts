import { PROVIDER_IDS, type ProviderId } from '../../protocol';

export interface ProviderTraffic {
  /** Requests received and not yet answered (or abandoned by the caller). */
  inflight: number;
  /** The most in flight at once since the last reset. */
  maxInflight: number;
  requests: number;
  answered: Record<'ok' | 'rejected' | 'error' | 'overloaded', number>;
}

/** What the simulated providers saw, so tests can prove a caller's concurrency limit held. */
export class TrafficStats {
  private readonly traffic = Object.fromEntries(PROVIDER_IDS.map((id) => [id, fresh()])) as Record<ProviderId, ProviderTraffic>;

  begin(id: ProviderId): void {
    const t = this.traffic[id];
    t.requests++;
    t.inflight++;
    if (t.inflight > t.maxInflight) t.maxInflight = t.inflight;
  }

  end(id: ProviderId): void {
    this.traffic[id].inflight--;
  }

  answered(id: ProviderId, outcome: keyof ProviderTraffic['answered']): void {
    this.traffic[id].answered[outcome]++;
  }

  snapshot(): Record<ProviderId, ProviderTraffic> {
    return structuredClone(this.traffic);
  }

  /** Starts counting afresh; calls still in flight stay counted. */
  reset(): void {
    for (const id of PROVIDER_IDS) {
      const inflight = this.traffic[id].inflight;
      this.traffic[id] = { ...fresh(), inflight, maxInflight: inflight };
    }
  }
}

function fresh(): ProviderTraffic {
  return { inflight: 0, maxInflight: 0, requests: 0, answered: { ok: 0, rejected: 0, error: 0, overloaded: 0 } };
}

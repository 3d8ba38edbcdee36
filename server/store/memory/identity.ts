import type { HealthFlush, HealthRead, IdentityStore, VerificationAttempt, VerificationRecord } from '../port';

/** Same semantics as the Redis adapter, for one process. */
export class MemoryIdentityStore implements IdentityStore {
  private readonly seconds = new Map<number, Map<string, number>>();
  private readonly gauges = new Map<string, { at: number; values: Record<string, number> }>();
  private readonly verified = new Map<string, { at: number; deviceId: string | null; until: number }>();
  private newestSecond = 0;

  async flushHealth({ nodeId, buckets, gauges, ttlSec }: HealthFlush): Promise<void> {
    for (const { second, counts } of buckets) {
      let bucket = this.seconds.get(second);
      if (!bucket) this.seconds.set(second, (bucket = new Map<string, number>()));
      for (const [field, n] of Object.entries(counts)) bucket.set(field, (bucket.get(field) ?? 0) + n);
      this.newestSecond = Math.max(this.newestSecond, second);
    }
    for (const second of this.seconds.keys()) if (second < this.newestSecond - ttlSec) this.seconds.delete(second);
    this.gauges.set(nodeId, structuredClone(gauges));
  }

  async readHealth(seconds: number[], gaugesSince: number): Promise<HealthRead> {
    for (const [node, g] of this.gauges) if (g.at < gaugesSince - 60_000) this.gauges.delete(node);
    return {
      buckets: seconds.map((s) => Object.fromEntries(this.seconds.get(s) ?? [])),
      gauges: [...this.gauges].filter(([, g]) => g.at >= gaugesSince).map(([nodeId, g]) => ({ nodeId, values: { ...g.values } })),
    };
  }

  async recordVerification({ personId, deviceId, now, windowMs }: VerificationAttempt): Promise<VerificationRecord> {
    const last = this.verified.get(personId);
    if (last && last.until > now) {
      const otherDevice = deviceId !== null && last.deviceId !== null && deviceId !== last.deviceId;
      return { ok: false, reason: otherDevice ? 'other_device' : 'too_soon', retryAt: last.until };
    }
    this.verified.set(personId, { at: now, deviceId, until: now + windowMs });
    // Bounded by verifications within one window: drop the lapsed ones as we go.
    if (this.verified.size % 1024 === 0) for (const [id, v] of this.verified) if (v.until <= now) this.verified.delete(id);
    return { ok: true };
  }
}

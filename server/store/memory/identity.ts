import type { HealthFlush, HealthRead, IdentityStore, VerificationAttempt, VerificationLease, VerificationRecord, VerificationStart } from '../port';
import type { MemoryQueueStore } from './queue';

/** Same semantics as the Redis adapter, for one process. */
export class MemoryIdentityStore implements IdentityStore {
  private readonly seconds = new Map<number, Map<string, number>>();
  private readonly gauges = new Map<string, { at: number; values: Record<string, number> }>();
  private readonly verified = new Map<string, { at: number; deviceId: string | null; until: number }>();
  /** session number -> the person it verified, until the session expires */
  private readonly bound = new Map<number, { personId: string; until: number }>();
  /** session number -> the verification under way */
  private readonly leases = new Map<number, { token: string; until: number }>();
  private newestSecond = 0;

  /** The waiting room's sessions: a verification starts only on an active one. */
  constructor(private readonly queue: MemoryQueueStore) {}

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

  async recordVerification({ personId, deviceId, now, windowMs, session }: VerificationAttempt): Promise<VerificationRecord> {
    const bound = this.bound.get(session.number);
    const boundTo = bound && bound.until > now ? bound.personId : undefined;
    if (boundTo !== undefined && boundTo !== personId) return { ok: false, reason: 'session_person_bound' };
    const last = this.verified.get(personId);
    if (last && last.until > now) {
      const otherDevice = deviceId !== null && last.deviceId !== null && deviceId !== last.deviceId;
      return { ok: false, reason: otherDevice ? 'other_device' : 'too_soon', retryAt: last.until };
    }
    this.verified.set(personId, { at: now, deviceId, until: now + windowMs });
    if (boundTo === undefined) this.bound.set(session.number, { personId, until: session.expiresAt });
    if (this.bound.size % 1024 === 0) for (const [n, b] of this.bound) if (b.until <= now) this.bound.delete(n);
    // Bounded by verifications within one window: drop the lapsed ones as we go.
    if (this.verified.size % 1024 === 0) for (const [id, v] of this.verified) if (v.until <= now) this.verified.delete(id);
    return { ok: true };
  }

  async beginVerification({ number, token, now, leaseMs }: VerificationLease): Promise<VerificationStart> {
    const expiresAt = this.queue.activeUntil(number, now);
    if (expiresAt === null) return { state: 'session_ended' };
    const held = this.leases.get(number);
    if (held && held.until > Date.now()) return { state: 'in_progress' };
    this.leases.set(number, { token, until: Date.now() + leaseMs });
    return { state: 'started', sessionExpiresAt: expiresAt };
  }

  async endVerification(number: number, token: string): Promise<void> {
    if (this.leases.get(number)?.token === token) this.leases.delete(number);
  }
}

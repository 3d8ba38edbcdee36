import type { Fault, ProviderId } from '../../protocol';
import type { FaultRegistry } from './fault-registry';
import { isCalendarDate, personId } from './person-id';
import type { PersonRecords } from './person-records';
import { serviceTimeMs, type ProviderProfile } from './profiles';
import { CapacityQueue } from './capacity-queue';
import type { TrafficStats } from './traffic-stats';

export interface VerifyRequest {
  name: string;
  birthDate: string;
  phone?: string;
}

export type ProviderAnswer =
  | { kind: 'reply'; status: number; body: Record<string, unknown> }
  /** The connection is cut without an answer (an outage). */
  | { kind: 'drop' }
  /** The caller gave up first; nothing to send. */
  | { kind: 'gone' };

/** One simulated provider: its capacity queue, its profile, and the faults aimed at it. */
export class SimulatedProvider {
  private readonly queue = new CapacityQueue();

  constructor(
    readonly id: ProviderId,
    private readonly profile: ProviderProfile,
    private readonly faults: FaultRegistry,
    private readonly stats: TrafficStats,
    private readonly people: PersonRecords,
    private readonly random: () => number = Math.random,
  ) {}

  async verify(request: VerifyRequest, signal: AbortSignal): Promise<ProviderAnswer> {
    const faults = this.faults.active(this.id);
    if (faults.some((f) => f.kind === 'outage')) return { kind: 'drop' };
    const capacity = this.capacity(faults);
    this.queue.admit(capacity);
    if (!(await this.queue.enter(capacity, this.profile.queueLimit, signal))) {
      if (signal.aborted) return { kind: 'gone' };
      this.stats.answered(this.id, 'overloaded');
      return { kind: 'reply', status: 503, body: { error: 'overloaded', message: `${this.id} is over capacity` } };
    }
    try {
      if (faults.some((f) => f.kind === 'hang' && this.faults.hits(f))) {
        await untilAborted(signal);
        return { kind: 'gone' };
      }
      await sleep(serviceTimeMs(this.profile, this.random) + this.addedLatency(faults), signal);
      if (signal.aborted) return { kind: 'gone' };
      const failing = faults.some((f) => f.kind === 'errors' && this.faults.hits(f));
      if (failing || this.random() < this.profile.errorRate) {
        this.stats.answered(this.id, 'error');
        return { kind: 'reply', status: 500, body: { error: 'provider_error', message: `${this.id} failed to verify` } };
      }
      if (!isCalendarDate(request.birthDate)) {
        this.stats.answered(this.id, 'rejected');
        return { kind: 'reply', status: 422, body: { error: 'not_verified', message: 'no such person' } };
      }
      this.stats.answered(this.id, 'ok');
      // The birth date confirmed is the one on record; someone not on record is as they say.
      const birthDate = this.people.find(request.name, request.phone)?.birthDate ?? request.birthDate;
      return { kind: 'reply', status: 200, body: { ci: personId(request.name, birthDate), birthDate } };
    } finally {
      this.queue.leave(this.capacity(this.faults.active(this.id)));
    }
  }

  private capacity(faults: Fault[]): number {
    const limited = faults.filter((f) => f.kind === 'capacity').map((f) => f.capacity ?? this.profile.capacity);
    return Math.min(this.profile.capacity, ...limited);
  }

  private addedLatency(faults: Fault[]): number {
    let ms = 0;
    for (const f of faults) {
      if (f.kind !== 'latency') continue;
      const jitter = f.jitterMs ?? 0;
      ms += Math.max(0, (f.latencyMs ?? 0) + (this.random() * 2 - 1) * jitter);
    }
    return ms;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

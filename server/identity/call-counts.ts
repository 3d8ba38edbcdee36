import type { ProviderId } from '../../protocol';
import { latencyBin } from './latency-histogram';

/**
 * What became of one attempt to verify: answered (`ok`, or `rejected`: the provider said the
 * details are wrong), failed (`error`, `timeout`), or never sent (`busy`: the lane was full;
 * `refused`: circuit open or provider switched off).
 */
export type CallOutcome = 'ok' | 'rejected' | 'error' | 'timeout' | 'busy' | 'refused';

/** Field names in a health bucket: `<provider>.<count>` and `<provider>.l<bin>`. */
export const field = (id: ProviderId, name: string): string => `${id}.${name}`;
export const latencyField = (id: ProviderId, bin: number): string => `${id}.l${bin}`;

/** This node's counts per second since its last flush. Recording never touches the store. */
export class CallCounts {
  private buckets = new Map<number, Record<string, number>>();

  /** Seconds kept when nobody flushes (a node without timers): the oldest go first. */
  constructor(private readonly maxSeconds = 120) {}

  record(second: number, id: ProviderId, outcome: CallOutcome, latencyMs?: number): void {
    let counts = this.buckets.get(second);
    if (!counts) {
      this.buckets.set(second, (counts = {}));
      if (this.buckets.size > this.maxSeconds) this.buckets.delete(Math.min(...this.buckets.keys()));
    }
    bump(counts, field(id, outcome));
    if (outcome !== 'busy' && outcome !== 'refused') bump(counts, field(id, 'calls'));
    if (latencyMs !== undefined) bump(counts, latencyField(id, latencyBin(latencyMs)));
  }

  drain(): { second: number; counts: Record<string, number> }[] {
    const drained = [...this.buckets].map(([second, counts]) => ({ second, counts }));
    this.buckets = new Map();
    return drained;
  }

  /** Puts back counts a failed flush could not deliver, dropping those older than `oldestSecond`. */
  restore(drained: { second: number; counts: Record<string, number> }[], oldestSecond: number): void {
    for (const { second, counts } of drained) {
      if (second < oldestSecond) continue;
      let into = this.buckets.get(second);
      if (!into) this.buckets.set(second, (into = {}));
      for (const [name, n] of Object.entries(counts)) into[name] = (into[name] ?? 0) + n;
    }
  }
}

function bump(counts: Record<string, number>, name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}

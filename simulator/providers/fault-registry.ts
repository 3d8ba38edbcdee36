import { randomUUID } from 'node:crypto';
import type { Fault, FaultSpec, ProviderId } from '../../protocol';

/** Faults in force, as Toxiproxy keeps toxics: added, listed, removed at run time; some expire. */
export class FaultRegistry {
  private readonly faults = new Map<string, Fault>();
  /** Calls seen by each `errors`/`hang` fault, so a rate of 0.4 fails exactly 2 calls in 5. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  add(spec: FaultSpec): Fault {
    const createdAt = this.now();
    const fault = {
      ...spec,
      id: randomUUID(),
      createdAt,
      expiresAt: spec.durationSec !== undefined ? createdAt + spec.durationSec * 1000 : null,
    } as Fault;
    this.faults.set(fault.id, fault);
    return fault;
  }

  list(): Fault[] {
    this.expire();
    return [...this.faults.values()];
  }

  remove(id: string): boolean {
    this.seen.delete(id);
    return this.faults.delete(id);
  }

  clear(): number {
    const count = this.faults.size;
    this.faults.clear();
    this.seen.clear();
    return count;
  }

  active(provider: ProviderId): Fault[] {
    return this.list().filter((f) => f.provider === provider);
  }

  /**
   * Whether this call is one the fault hits. Hits are spread evenly (a rate of r hits call k
   * when floor((k+1)r) > floor(kr)), which keeps drills and tests repeatable.
   */
  hits(fault: Fault): boolean {
    const rate = fault.rate ?? 1;
    const k = this.seen.get(fault.id) ?? 0;
    this.seen.set(fault.id, k + 1);
    return Math.floor((k + 1) * rate) > Math.floor(k * rate);
  }

  private expire(): void {
    const now = this.now();
    for (const [id, fault] of this.faults) {
      if (fault.expiresAt !== null && fault.expiresAt <= now) this.remove(id);
    }
  }
}

/** Checks what the schema cannot: the fields each kind needs. Returns a message when invalid. */
export function faultProblem(spec: FaultSpec): string | null {
  if (spec.kind === 'latency' && spec.latencyMs === undefined) return 'a latency fault needs latencyMs';
  if (spec.kind === 'capacity' && spec.capacity === undefined) return 'a capacity fault needs capacity';
  return null;
}

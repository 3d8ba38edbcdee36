import { PROVIDER_IDS, type FaultSpec, type PlannedFault, type ReportEvent, type Scenario, type ScenarioFault } from '../../protocol';
import type { StoreFault } from '../store-fault/store-fault-client';

export interface FaultTimelineOptions {
  providersUrl: string;
  timeFactor: number;
  scale: number;
  /** The training setup's store fault proxy, for `store_blip` (without one it is noted as not injected). */
  storeFault?: StoreFault;
  /** Real seconds since the drill started. */
  elapsedSec: () => number;
  record: (event: ReportEvent) => void;
}

/**
 * The scenario's faults, injected on cue into the provider simulator (`POST /faults`) or the store's
 * fault proxy (`simulator/store-fault/`). Only faults this drill injected are ever removed (by id): a trainer's own stay.
 * Simulated times and durations are compressed by the time factor.
 */
export class FaultTimeline {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly injected: string[] = [];
  private readonly scaling: string[] = [];
  /** Store cuts under way (healed by `clear`). */
  private storeCuts = 0;
  /** ms since the epoch of the first fault injected, for time to detect and mitigate. */
  firstFaultAt: number | null = null;
  private startedAt = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: FaultTimelineOptions,
  ) {}

  /**
   * Honest scaling: at 1:N the providers serve N times fewer citizens, and at time factor F those
   * citizens come F times faster, so each provider's capacity (calls at once) becomes
   * capacity × F / N, at least 1, through a capacity fault that lasts the drill.
   */
  get capacityRatio(): number {
    return this.options.timeFactor / this.options.scale;
  }

  async scaleProviders(): Promise<void> {
    // A capacity fault only lowers a provider's capacity: a ratio above 1 keeps the defaults.
    if (this.capacityRatio >= 1) return;
    const res = await fetch(`${this.options.providersUrl}/profiles`);
    if (!res.ok) throw new Error(`the provider simulator answered ${res.status} to GET /profiles`);
    const { providers } = (await res.json()) as { providers: Record<string, { capacity: number }> };
    for (const provider of PROVIDER_IDS) {
      const capacity = Math.min(1_000_000, Math.max(1, Math.round((providers[provider]?.capacity ?? 100) * this.capacityRatio)));
      this.scaling.push(await this.inject({ provider, kind: 'capacity', capacity }));
    }
  }

  start(startedAt: number): void {
    this.startedAt = startedAt;
    for (const fault of this.scenario.faults) {
      const dueMs = startedAt + (fault.atSec / this.options.timeFactor) * 1000 - Date.now();
      this.timers.push(setTimeout(() => void this.fire(fault), Math.max(0, dueMs)));
    }
  }

  /** The next fault after `simSec`, for the trainer's progress view. */
  nextFault(simSec: number): PlannedFault | null {
    const next = this.scenario.faults.find((f) => f.atSec > simSec);
    return next ? { atSec: next.atSec, kind: next.kind, provider: next.provider ?? null, durationSec: next.durationSec ?? null } : null;
  }

  /** Cancels what has not fired and removes every fault this drill injected (a store cut under way ends). */
  async clear(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    const ids = [...this.injected.splice(0), ...this.scaling.splice(0)];
    const heal = this.storeCuts > 0 && this.options.storeFault ? this.options.storeFault.heal().catch(() => undefined) : undefined;
    await Promise.all([
      heal,
      ...ids.map((id) =>
        fetch(`${this.options.providersUrl}/faults/${id}`, { method: 'DELETE' }).then(
          (r) => r.arrayBuffer(),
          () => undefined,
        ),
      ),
    ]);
  }

  private async fire(fault: ScenarioFault): Promise<void> {
    const { timeFactor, record, elapsedSec } = this.options;
    const realDuration = fault.durationSec === undefined ? undefined : Math.max(0.5, fault.durationSec / timeFactor);
    const what = describeFault(fault);
    try {
      if (fault.kind === 'store_blip') {
        if (!this.options.storeFault) {
          record({ atSec: elapsedSec(), kind: 'note', text: `not injected: ${what} (no fault proxy between the servers and the store in this setup)` });
          return;
        }
        this.markFirst();
        record({ atSec: elapsedSec(), kind: 'fault', text: what });
        this.storeCuts++;
        try {
          await this.options.storeFault.cut(realDuration ?? 5);
        } finally {
          this.storeCuts--;
        }
        record({ atSec: elapsedSec(), kind: 'fault_cleared', text: `store reachable again after ${what}` });
        return;
      }
      const spec: FaultSpec = {
        provider: fault.provider!,
        kind: fault.kind,
        ...(fault.latencyMs !== undefined ? { latencyMs: fault.latencyMs } : {}),
        ...(fault.jitterMs !== undefined ? { jitterMs: fault.jitterMs } : {}),
        ...(fault.rate !== undefined ? { rate: fault.rate } : {}),
        ...(fault.capacity !== undefined ? { capacity: Math.min(1_000_000, Math.round(fault.capacity * this.capacityRatio)) } : {}),
        ...(realDuration !== undefined ? { durationSec: realDuration } : {}),
      };
      this.injected.push(await this.inject(spec));
      this.markFirst();
      record({ atSec: elapsedSec(), kind: 'fault', text: what });
      if (realDuration !== undefined) {
        this.timers.push(setTimeout(() => record({ atSec: elapsedSec(), kind: 'fault_cleared', text: `ended: ${what}` }), realDuration * 1000));
      }
    } catch (err) {
      record({ atSec: elapsedSec(), kind: 'note', text: `could not inject ${what}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private markFirst(): void {
    this.firstFaultAt ??= Date.now();
  }

  private async inject(spec: FaultSpec): Promise<string> {
    const res = await fetch(`${this.options.providersUrl}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    const body = (await res.json()) as { id?: string; message?: string };
    if (!res.ok || !body.id) throw new Error(`the provider simulator refused ${JSON.stringify(spec)}: ${body.message ?? res.status}`);
    return body.id;
  }
}

export function describeFault(f: ScenarioFault): string {
  const target = f.provider ?? 'store';
  const details = [
    f.rate !== undefined ? `rate ${f.rate}` : '',
    f.latencyMs !== undefined ? `+${f.latencyMs} ms` : '',
    f.capacity !== undefined ? `capacity ${f.capacity} (national)` : '',
    f.durationSec !== undefined ? `for ${f.durationSec} s simulated` : 'until cleared',
  ]
    .filter(Boolean)
    .join(', ');
  return `${f.kind} on ${target} (${details})${f.note ? `: ${f.note}` : ''}`;
}

import { EventEmitter } from 'node:events';
import { applyControlsPatch, refusal, success, type Controls, type Outcome } from '../../protocol';
import type { Store, StoredControls } from '../store';

/** A change made: the controls before and after, and the new version. */
export interface ControlsChange {
  before: Controls;
  after: Controls;
  version: number;
}

const CHANNEL = 'controls';

/**
 * The node's view of the commander's levers. A change is written to the store with
 * compare-and-set and announced on the bus; every node also re-reads once a second, so a
 * lost message still reaches it within the 1 s the contract promises.
 */
export class ControlsService extends EventEmitter<{ change: [StoredControls] }> {
  private stored: StoredControls | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly refreshMs = 1000,
  ) {
    super();
  }

  get current(): Controls {
    if (!this.stored) throw new Error('controls not loaded yet');
    return this.stored.controls;
  }

  get version(): number {
    return this.stored?.version ?? 0;
  }

  async start(): Promise<void> {
    this.accept(await this.store.controls.get());
    this.unsubscribe = await this.store.bus.subscribe(CHANNEL, () => void this.refresh());
    if (this.refreshMs > 0) {
      this.timer = setInterval(() => void this.refresh(), this.refreshMs);
      this.timer.unref();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  async refresh(): Promise<void> {
    try {
      this.accept(await this.store.controls.get());
    } catch {
      // Store away: keep the last known controls; readiness reports the outage.
    }
  }

  /** Validates and applies a patch cluster-wide. Nothing changes when it fails. */
  async update(patch: unknown): Promise<Outcome<ControlsChange, 'invalid_controls' | 'conflict'>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const base = await this.store.controls.get();
      const checked = applyControlsPatch(base.controls, patch);
      if (!checked.ok) return refusal('invalid_controls', checked.message);
      const written = await this.store.controls.set(checked.controls, base.version);
      if (written) {
        this.accept(written);
        await this.store.bus.publish(CHANNEL, String(written.version)).catch(() => {});
        return success({ before: base.controls, after: written.controls, version: written.version });
      }
    }
    return refusal('conflict', 'controls kept changing; try again');
  }

  private accept(next: StoredControls): void {
    if (this.stored && next.version <= this.stored.version) return;
    this.stored = next;
    this.emit('change', next);
  }
}

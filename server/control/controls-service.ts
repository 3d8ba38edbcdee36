import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyControlsPatch, refusal, success, type AuditEntry, type Controls, type ControlsPatch, type Outcome } from '../../protocol';
import { StoreUnavailableError, type Store, type StoredControls } from '../store';
import { applyManualOverride } from './autopilot/manual-override';

/** A change made: the controls before and after, the new version, and its audit entry when one was asked for. */
export interface ControlsChange {
  before: Controls;
  after: Controls;
  version: number;
  entry?: AuditEntry;
}

/** Who changes the controls and why: recorded in the same atomic step as the change. */
export type ControlsAudit = Omit<AuditEntry, 'id' | 'kind' | 'before' | 'after'>;

/** How long to keep asking the store whether a change whose reply was lost was written. */
const SETTLE_DELAYS_MS = [100, 250, 500, 1000, 1500];

const CHANNEL = 'controls';

/** How the autopilot writes: under its lease's fencing token, and only while `still` holds for the controls it finds. */
export interface AutopilotWrite {
  lease: string;
  token: number;
  still: (current: Controls) => boolean;
}

/** `conflict` also answers the autopilot when its lease was lost or the controls moved on under it. */
export type UpdateRefusal = 'invalid_controls' | 'conflict' | 'store_unavailable';

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

  /**
   * Validates and applies a patch cluster-wide. With `audit`, the change and its audit entry are
   * written in one atomic step: both or neither. Nothing changes when it is refused; when the store
   * does not answer, the refusal says whether the change was written, as far as can be known.
   */
  update(patch: unknown, audit?: ControlsAudit): Promise<Outcome<ControlsChange, UpdateRefusal>> {
    return this.write(patch, audit);
  }

  /**
   * The autopilot's change: fenced by its lease, audited, and abandoned (`superseded`) when the
   * controls it finds no longer hold what it decided on (a commander changed them meanwhile).
   */
  updateByAutopilot(patch: ControlsPatch, audit: ControlsAudit, autopilot: AutopilotWrite): Promise<Outcome<ControlsChange, UpdateRefusal>> {
    return this.write(patch, audit, autopilot);
  }

  private async write(patch: unknown, audit?: ControlsAudit, autopilot?: AutopilotWrite): Promise<Outcome<ControlsChange, UpdateRefusal>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      // A failure here is before anything was sent: StoreUnavailableError, "nothing was changed", is true.
      const base = await this.store.controls.get();
      if (autopilot && !autopilot.still(base.controls)) return refusal('conflict', 'the controls changed since the autopilot decided');
      const checked = applyControlsPatch(base.controls, patch);
      if (!checked.ok) return refusal('invalid_controls', checked.message);
      const next = autopilot
        ? checked.controls
        : applyManualOverride(base.controls, checked.controls, patch as ControlsPatch, audit?.actor ?? null, audit?.at ?? Date.now());
      let written: { stored: StoredControls; entry?: AuditEntry } | null;
      if (audit) {
        const changeId = randomUUID();
        const entry = { ...audit, kind: 'controls' as const, before: base.controls, after: next };
        const fence = autopilot && { lease: autopilot.lease, token: autopilot.token };
        let reply: Awaited<ReturnType<Store['controls']['change']>>;
        try {
          reply = await this.store.controls.change({ next, expectedVersion: base.version, changeId, audit: entry, ...(fence ? { fence } : {}) });
        } catch (err) {
          if (!(err instanceof StoreUnavailableError)) throw err;
          return this.settle(changeId, base.controls, next, entry);
        }
        if (reply === 'fenced') return refusal('conflict', 'the autopilot lost its lease');
        written = reply;
      } else {
        const stored = await this.store.controls.set(next, base.version);
        written = stored && { stored };
      }
      if (written) return success(await this.applied(base.controls, written.stored, written.entry));
    }
    return refusal('conflict', 'controls kept changing; try again');
  }

  private async applied(before: Controls, stored: StoredControls, entry?: AuditEntry): Promise<ControlsChange> {
    this.accept(stored);
    await this.store.bus.publish(CHANNEL, String(stored.version)).catch(() => {});
    return { before, after: stored.controls, version: stored.version, ...(entry ? { entry } : {}) };
  }

  /** The change's reply was lost: ask the store whether it was written (fencing it off if not) until it answers. */
  private async settle(
    changeId: string,
    before: Controls,
    after: Controls,
    entry: Omit<AuditEntry, 'id'>,
  ): Promise<Outcome<ControlsChange, 'store_unavailable'>> {
    for (const delay of SETTLE_DELAYS_MS) {
      await sleep(delay);
      let settled: Awaited<ReturnType<Store['controls']['settle']>>;
      try {
        settled = await this.store.controls.settle(changeId);
      } catch (err) {
        if (err instanceof StoreUnavailableError) continue;
        throw err;
      }
      if (!settled.applied) {
        return refusal('store_unavailable', 'The store did not answer in time; the change was not applied and nothing was recorded. Try again.');
      }
      return success(await this.applied(before, { controls: after, version: settled.version }, { ...entry, id: settled.entryId }));
    }
    return refusal(
      'store_unavailable',
      'The store did not confirm the change and cannot be reached to check it: it may or may not have been applied ' +
        '(the change and its audit entry are written together or not at all). Check the controls before trying again.',
    );
  }

  private accept(next: StoredControls): void {
    if (this.stored && next.version <= this.stored.version) return;
    this.stored = next;
    this.emit('change', next);
  }
}

import type { FastifyBaseLogger } from 'fastify';
import type { AutopilotStatus, Snapshot } from '../../../protocol';
import type { AuditLog } from '../../audit/audit-log';
import type { Clock } from '../../clock';
import type { AutopilotConfig } from '../../config';
import type { Store } from '../../store';
import type { ControlsService } from '../controls-service';
import { TaskFailureLog } from '../../logging/task-failure-log';
import { decide, FRESH_MEMORY, type AimdMemory } from './aimd';
import { readPressure, type PressureTargets } from './pressure';

export const AUTOPILOT_LEASE = 'autopilot';

/** What the leader leaves in the store each second: its status for every console, and its memory for a successor. */
export interface AutopilotNote {
  status: AutopilotStatus;
  memory: AimdMemory;
}

/**
 * The auto-throttle. Every node runs one; each second, on the cluster-wide snapshot, the node that
 * holds the lease decides the admission rate (AIMD, see aimd.ts) and writes it fenced by the lease's
 * token, so a paused former leader cannot write after a successor took over. It leaves its status
 * and memory in a note under the lease, so a successor carries on where it stopped.
 */
export class Autopilot {
  private token: number | null = null;
  private memory: AimdMemory = FRESH_MEMORY;
  private previous: Snapshot | undefined;
  private running: Promise<void> | null = null;
  private readonly failures: TaskFailureLog;

  constructor(
    private readonly store: Store,
    private readonly controls: ControlsService,
    private readonly auditLog: AuditLog,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    private readonly nodeId: string,
    private readonly config: AutopilotConfig,
    private readonly targets: PressureTargets,
  ) {
    this.failures = new TaskFailureLog(log, 'autopilot step', () => clock.now());
  }

  /** Called with every snapshot this node receives (about once a second). Never throws. */
  step(snapshot: Snapshot): Promise<void> {
    // A step still under way when the next second arrives: that second is skipped.
    this.running ??= this.failures
      .run(() => this.stepNow(snapshot))
      .finally(() => {
        this.previous = snapshot;
        this.running = null;
      });
    return this.running;
  }

  /** Resolves once the step under way (if any) is done. */
  async whenIdle(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    if (this.token !== null) await this.store.leases.release(AUTOPILOT_LEASE, this.nodeId).catch(() => {});
    this.token = null;
  }

  private async stepNow(snapshot: Snapshot): Promise<void> {
    const controls = this.controls.current;
    if (!controls.autoThrottle.enabled) {
      if (this.token !== null) await this.stop();
      return;
    }
    const now = this.clock.now();
    const token = await this.store.leases.acquire(AUTOPILOT_LEASE, this.nodeId, this.config.leaseMs, now);
    if (token === null) {
      this.token = null;
      return;
    }
    if (token !== this.token) await this.takeOver(token, now);
    const rate = controls.admissionRatePerSec;
    const pressure = readPressure(snapshot, this.previous, this.targets);
    const decision = decide(pressure, rate, controls.autoThrottle, this.memory, now, this.config.aimd);
    this.memory = decision.memory;
    let lastChange = (await this.lastNote(now))?.status.lastChange ?? null;
    if (decision.rate !== rate) {
      const written = await this.controls.updateByAutopilot(
        { admissionRatePerSec: decision.rate },
        {
          actor: 'autopilot',
          role: null,
          reason: `rate ${rate}→${decision.rate}: ${decision.reason.text}`,
          code: 'autopilot_rate',
          params: { ...decision.reason.params, from: rate, to: decision.rate, cause: decision.reason.code, node: this.nodeId },
          at: now,
          drill: snapshot.drill.running,
        },
        { lease: AUTOPILOT_LEASE, token, still: (c) => c.autoThrottle.enabled && c.admissionRatePerSec === rate },
      );
      if (!written.ok) {
        this.log.info({ reason: written.message }, 'autopilot change not written');
        return;
      }
      if (written.value.entry) this.auditLog.announce(written.value.entry);
      lastChange = { at: now, from: rate, to: decision.rate };
    }
    const status: AutopilotStatus = { mode: decision.mode, leader: this.nodeId, decidedAt: now, reason: decision.reason, lastChange };
    await this.store.leases.putNote(
      AUTOPILOT_LEASE,
      token,
      JSON.stringify({ status, memory: this.memory } satisfies AutopilotNote),
      this.config.leaseMs * 2,
      now,
    );
  }

  /** A new term: carry on from the former leader's memory (its cooldowns still hold). */
  private async takeOver(token: number, now: number): Promise<void> {
    this.token = token;
    this.memory = (await this.lastNote(now))?.memory ?? FRESH_MEMORY;
    this.log.info({ token }, 'autopilot: this node leads');
  }

  private async lastNote(now: number): Promise<AutopilotNote | null> {
    const raw = await this.store.leases.note(AUTOPILOT_LEASE, now);
    return raw ? (JSON.parse(raw) as AutopilotNote) : null;
  }
}

/** What the consoles show: the leader's note while it is fresh, else what the controls say. */
export async function autopilotStatus(store: Store, enabled: boolean, pausedBy: string | null | undefined, now: number): Promise<AutopilotStatus> {
  if (!enabled) {
    return pausedBy
      ? {
          mode: 'paused',
          leader: null,
          decidedAt: null,
          reason: { code: 'autopilot_paused', params: { by: pausedBy }, text: `paused by ${pausedBy}'s manual change` },
          lastChange: null,
        }
      : { mode: 'off', leader: null, decidedAt: null, reason: null, lastChange: null };
  }
  const raw = await store.leases.note(AUTOPILOT_LEASE, now);
  if (!raw)
    return { mode: 'holding', leader: null, decidedAt: null, reason: { code: 'autopilot_no_leader', params: {}, text: 'no node leads yet' }, lastChange: null };
  return (JSON.parse(raw) as AutopilotNote).status;
}

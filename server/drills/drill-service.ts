import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  drillReportMarkdown,
  NO_DRILL,
  refusal,
  success,
  summaryOf,
  type DrillProgress,
  type DrillReport,
  type DrillReportPost,
  type DrillStartPayload,
  type DrillState,
  type Outcome,
  type Role,
} from '../../protocol';
import { TaskFailureLog } from '../logging/task-failure-log';
import { broadcastDrill } from './drill-view';
import type { RunnerGateway } from './runner-gateway';

/** Reports kept in the store; older ones are dropped. */
export const REPORTS_KEPT = 200;
/** The runner's own actor name in the audit log (it is no operator). */
const RUNNER_ACTOR = 'drill-runner';

type StartRefusal = 'no_runner' | 'unknown_scenario' | 'drill_running';

/**
 * A drill's life on the server: a trainer's start is relayed to a runner, the runner's progress
 * reaches every console, its report is stored and ends the drill; a runner lost mid-drill ends
 * it as failed after a grace period. Roles and mode are checked by the console command first.
 */
export class DrillService {
  private readonly graceTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly app: FastifyInstance,
    readonly runners: RunnerGateway,
  ) {
    const progressFailures = new TaskFailureLog(app.log, 'storing drill progress', () => app.clock.now());
    runners.on('progress', (progress) => void progressFailures.run(() => this.progress(progress)));
    runners.on('lost', (drillId) => this.lost(drillId));
  }

  async start(me: { username: string; role: Role }, payload: DrillStartPayload): Promise<Outcome<DrillState, StartRefusal>> {
    const { store, clock, auditLog } = this.app;
    const connected = await this.runners.runners();
    if (connected.length === 0) return refusal('no_runner', 'No drill runner is connected to the server; start one (npm start does).');
    const runner = connected.find((r) => r.scenarios.some((s) => s.name === payload.scenario));
    const summary = runner?.scenarios.find((s) => s.name === payload.scenario);
    if (!runner || !summary) return refusal('unknown_scenario', `The drill runner has no scenario named "${payload.scenario}".`);
    const scale = payload.scale ?? summary.scale;
    const timeFactor = payload.timeFactor ?? summary.timeFactor;
    const drill: DrillState = { running: true, id: randomUUID(), scenario: summary.name, startedAt: clock.now(), scale, timeFactor, progress: null };
    if (!(await store.console.startDrill(drill))) return refusal('drill_running', 'A drill is running already.');
    const ack = await this.runners.run(runner.id, { drillId: drill.id!, scenario: summary.name, scale, timeFactor });
    if (!ack.ok) {
      await store.drills.endDrill(drill.id!);
      return refusal('no_runner', `The drill runner did not take the drill: ${ack.message}`);
    }
    await auditLog.record({
      kind: 'drill_started',
      actor: me.username,
      role: me.role,
      reason: null,
      text: `scenario ${summary.name}, scale 1:${scale}, time factor ${timeFactor}`,
      code: 'drill_scaled',
      params: { scenario: summary.name, scale, timeFactor },
      drill: true,
    });
    broadcastDrill(this.app.consoleGateway.nsp, drill);
    return success(drill);
  }

  async stop(me: { username: string; role: Role }): Promise<Outcome<DrillState, 'no_drill'>> {
    const stopped = await this.app.store.console.stopDrill();
    if (!stopped) return refusal('no_drill', 'No drill is running.');
    if (stopped.id) this.runners.stop(stopped.id);
    await this.app.auditLog.record({
      kind: 'drill_stopped',
      actor: me.username,
      role: me.role,
      reason: null,
      text: `scenario ${stopped.scenario}`,
      code: 'drill',
      params: { scenario: stopped.scenario ?? '' },
      drill: true,
    });
    broadcastDrill(this.app.consoleGateway.nsp, { ...NO_DRILL });
    return success(stopped);
  }

  /** The runner's progress: stored for consoles that connect later, and sent to every console. */
  private async progress(progress: DrillProgress): Promise<void> {
    const drill = await this.app.store.console.drill();
    if (!drill.running || drill.id !== progress.drillId) return;
    await this.app.store.drills.saveProgress(progress);
    broadcastDrill(this.app.consoleGateway.nsp, { ...drill, progress });
  }

  /** The runner's report: stored; a drill still running ends with its verdict. */
  async finish(post: DrillReportPost): Promise<void> {
    const { report } = post;
    const markdown = post.markdown ?? drillReportMarkdown(report);
    await this.app.store.drills.saveReport({ report, markdown }, REPORTS_KEPT);
    const ended = await this.app.store.drills.endDrill(report.drillId);
    if (ended) await this.ended(report, 'the drill ran to its end');
    this.app.consoleGateway.nsp.emit('drillReport', summaryOf(report));
  }

  private async ended(report: DrillReport, how: string): Promise<void> {
    const verdict = report.passed ? 'passed' : 'failed';
    await this.app.auditLog.record({
      kind: 'drill_stopped',
      actor: RUNNER_ACTOR,
      role: null,
      reason: null,
      text: `scenario ${report.scenario}: ${verdict} (${report.ending}; ${how})`,
      code: 'drill_verdict',
      params: { scenario: report.scenario, verdict, ending: report.ending },
      drill: true,
    });
    broadcastDrill(this.app.consoleGateway.nsp, { ...NO_DRILL });
  }

  /** A runner running `drillId` went away: unless one (it, reconnected) runs it again within the grace, it failed. */
  private lost(drillId: string): void {
    const timer = setTimeout(() => {
      this.graceTimers.delete(timer);
      void this.judgeLost(drillId).catch((err: unknown) => this.app.log.warn({ err, drillId }, 'could not end the drill of a lost runner'));
    }, this.app.config.drillGraceSec * 1000);
    timer.unref();
    this.graceTimers.add(timer);
  }

  private async judgeLost(drillId: string): Promise<void> {
    const { store, clock } = this.app;
    const drill = await store.console.drill();
    if (!drill.running || drill.id !== drillId || (await this.runners.running(drillId))) return;
    const progress = await store.drills.progress();
    const ended = await store.drills.endDrill(drillId);
    if (!ended) return;
    const report = lostRunnerReport(ended, progress?.drillId === drillId ? progress : null, clock.now(), this.app.config.drillGraceSec);
    await store.drills.saveReport({ report, markdown: drillReportMarkdown(report) }, REPORTS_KEPT);
    await this.ended(report, 'the drill runner disconnected');
    this.app.consoleGateway.nsp.emit('drillReport', summaryOf(report));
  }

  close(): void {
    for (const timer of this.graceTimers) clearTimeout(timer);
    this.graceTimers.clear();
  }
}

/** The report of a drill whose runner vanished: what the server knows, failed. */
export function lostRunnerReport(drill: DrillState, progress: DrillProgress | null, now: number, graceSec: number): DrillReport {
  const startedAt = drill.startedAt ?? now;
  const crowd = progress?.crowd ?? { active: 0, joined: 0, admitted: 0, verified: 0, booked: 0, abandoned: 0, errors: 0 };
  return {
    id: randomUUID(),
    drillId: drill.id ?? 'unknown',
    scenario: drill.scenario ?? 'unknown',
    scale: drill.scale ?? 1,
    timeFactor: drill.timeFactor ?? 1,
    startedAt,
    endedAt: now,
    ending: 'failed',
    crowd,
    ticketsLost: 0,
    overbooked: 0,
    ttdSec: null,
    ttmSec: null,
    timeline: [{ atSec: (now - startedAt) / 1000, kind: 'phase', text: `the drill runner disconnected and did not return within ${graceSec} s` }],
    checks: [{ name: 'drill runner', expected: 'connected until the end', actual: 'disconnected', passed: false }],
    samples: [],
    passed: false,
  };
}

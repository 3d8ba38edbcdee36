import { io, type Socket } from 'socket.io-client';
import type {
  DrillProgress,
  DrillReport,
  RunnerAck,
  RunnerClientEvents,
  RunnerRun,
  RunnerServerEvents,
  RunnerStop,
  Scenario,
  ScenarioSummary,
} from '../../protocol';
import type { RunOptions } from '../crowd/run-scenario';
import { failedReport } from './failed-report';
import type { StoreFault } from '../store-fault/store-fault-client';
import { fetchServiceToken } from './service-token';

/** What the runner runs: the crowd helper's scenario functions. */
export interface ScenarioLibrary {
  listScenarios(): ScenarioSummary[];
  loadScenario(name: string): Scenario;
  runScenario(scenario: Scenario, options: RunOptions): Promise<DrillReport>;
  /** The report as Markdown (the server renders its own when absent). */
  reportMarkdown?(report: DrillReport): string;
}

export interface DrillRunnerOptions {
  serverUrl: string;
  providersUrl: string;
  /** SLUICE_SIMULATOR_KEY. */
  key: string;
  library: ScenarioLibrary;
  /** Scenarios not offered to trainers (the background crowd's own). */
  hidden?: readonly string[];
  log: (line: string) => void;
  /** The store fault proxy, for scenarios with a `store_blip`. */
  storeFault?: StoreFault;
  /** Told when a drill starts and ends, so the background crowd makes way. */
  onDrill?: (running: boolean) => void;
}

interface Current {
  run: RunnerRun;
  abort: AbortController;
  done: Promise<void>;
}

const REPORT_ATTEMPTS = 10;

/** Told of a scenario with a store_blip where this runner cannot cut the store. */
export const NO_STORE_FAULT =
  'Here its store cut is not injected (only noted in the report): this setup has no store fault proxy. `npm start` with REDIS_URL on a single Redis has one.';

/**
 * The simulator as a drill runner: a Socket.IO client of the server's `/runner` namespace with a
 * service token of its own. It advertises its scenarios, runs the one a trainer starts (one at a
 * time), streams progress, posts the report, and aborts when the trainer stops the drill.
 */
export class DrillRunner {
  private socket: Socket<RunnerServerEvents, RunnerClientEvents> | null = null;
  private current: Current | null = null;
  private closed = false;

  constructor(private readonly options: DrillRunnerOptions) {}

  get busy(): boolean {
    return this.current !== null;
  }

  /** Connects (and keeps reconnecting, with a new token each time); resolves once connected first. */
  start(): Promise<void> {
    const { serverUrl, key, log } = this.options;
    const socket: Socket<RunnerServerEvents, RunnerClientEvents> = io(new URL('/runner', serverUrl).toString(), {
      transports: ['websocket'],
      reconnectionDelayMax: 5000,
      auth: (cb) => {
        fetchServiceToken(serverUrl, key).then(
          (reply) => cb({ token: reply.token, drillId: this.current?.run.drillId ?? null }),
          (err: unknown) => {
            log(`no service token: ${err instanceof Error ? err.message : String(err)}`);
            cb({ token: '' });
          },
        );
      },
    });
    this.socket = socket;
    socket.on('connect', () => {
      log(`connected to ${serverUrl} as the drill runner`);
      socket.emit('scenarios', this.scenarios());
    });
    socket.on('run', (run, ack) => this.run(run, ack));
    socket.on('stop', (stop) => this.stop(stop));
    return new Promise((resolve) => socket.once('connect', () => resolve()));
  }

  /**
   * The scenarios offered to trainers; a file that does not load is left out (and logged). Without
   * a store fault proxy, a scenario that cuts the store says so before a trainer picks it.
   */
  scenarios(): ScenarioSummary[] {
    const hidden = new Set(this.options.hidden ?? []);
    try {
      const offered = this.options.library.listScenarios().filter((s) => !hidden.has(s.name));
      if (this.options.storeFault) return offered;
      return offered.map((s) =>
        this.options.library.loadScenario(s.name).faults.some((f) => f.kind === 'store_blip') ? { ...s, description: `${s.description} ${NO_STORE_FAULT}` } : s,
      );
    } catch (err) {
      this.options.log(`scenarios not listed: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  private run(run: RunnerRun, ack: (ack: RunnerAck) => void): void {
    if (this.current) {
      ack({ ok: false, message: `already running drill ${this.current.run.drillId}` });
      return;
    }
    let scenario: Scenario;
    try {
      scenario = this.options.library.loadScenario(run.scenario);
    } catch (err) {
      ack({ ok: false, message: err instanceof Error ? err.message : String(err) });
      return;
    }
    const abort = new AbortController();
    const current: Current = { run, abort, done: Promise.resolve() };
    this.current = current;
    this.options.onDrill?.(true);
    ack({ ok: true });
    this.options.log(`drill ${run.drillId}: ${run.scenario} starts`);
    current.done = this.drive(run, scenario, abort.signal).finally(() => {
      this.current = null;
      this.options.onDrill?.(false);
    });
  }

  private async drive(run: RunnerRun, scenario: Scenario, signal: AbortSignal): Promise<void> {
    const { serverUrl, providersUrl, key, log } = this.options;
    const startedAt = Date.now();
    let report: DrillReport;
    try {
      const token = (await fetchServiceToken(serverUrl, key)).token;
      report = await this.options.library.runScenario(scenario, {
        serverUrl,
        providersUrl,
        drillId: run.drillId,
        signal,
        token,
        ...(this.options.storeFault ? { storeFault: this.options.storeFault } : {}),
        onProgress: (progress: DrillProgress) => this.socket?.volatile.emit('progress', progress),
        ...(run.scale !== undefined ? { scale: run.scale } : {}),
        ...(run.timeFactor !== undefined ? { timeFactor: run.timeFactor } : {}),
      });
    } catch (err) {
      log(`drill ${run.drillId} failed: ${err instanceof Error ? err.message : String(err)}`);
      const summary = this.scenarios().find((s) => s.name === run.scenario);
      report = failedReport(run, summary, startedAt, err);
    }
    log(`drill ${run.drillId}: ${report.ending}, ${report.passed ? 'passed' : 'failed'}`);
    await this.post(report);
  }

  /** Posts the report, retrying while the server is away (a restart mid-drill). */
  private async post(report: DrillReport): Promise<void> {
    const { serverUrl, key, log, library } = this.options;
    const markdown = library.reportMarkdown?.(report);
    for (let attempt = 1; attempt <= REPORT_ATTEMPTS && !this.closed; attempt++) {
      try {
        const token = (await fetchServiceToken(serverUrl, key)).token;
        const res = await fetch(new URL('/api/v1/drills/reports', serverUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(markdown === undefined ? { report } : { report, markdown }),
        });
        const text = await res.text();
        if (res.ok) return;
        if (res.status >= 400 && res.status < 500) {
          log(`the server refused the report: ${res.status} ${text.slice(0, 300)}`);
          return;
        }
      } catch {
        // the server is away: try again shortly
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 10_000)));
    }
    log(`the report of drill ${report.drillId} could not be posted`);
  }

  private stop(stop: RunnerStop): void {
    if (this.current?.run.drillId !== stop.drillId) return;
    this.options.log(`drill ${stop.drillId}: stopped by a trainer`);
    this.current.abort.abort();
  }

  /** Aborts a running drill (its report is still posted) and disconnects. */
  async close(): Promise<void> {
    const current = this.current;
    current?.abort.abort();
    await current?.done;
    this.closed = true;
    this.socket?.close();
  }
}

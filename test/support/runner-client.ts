import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { DrillProgress, DrillReport, RunnerClientEvents, RunnerRun, RunnerServerEvents, RunnerStop, ScenarioSummary } from '../../protocol';

/** A key long enough for SLUICE_SIMULATOR_KEY (tests' servers are built with it). */
export const SIMULATOR_KEY = 'test-simulator-key-0123456789abcdef';

export const scenario = (name: string, over: Partial<ScenarioSummary> = {}): ScenarioSummary => ({
  name,
  description: `the ${name} scenario`,
  durationSec: 40,
  scale: 1,
  timeFactor: 1,
  wallSec: 40,
  ...over,
});

export async function serviceToken(baseUrl: string, key = SIMULATOR_KEY): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/service/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  if (res.status !== 200) throw new Error(`service token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * A drill runner speaking the `/runner` protocol from the test (the simulator is the outside world
 * to the server): it advertises scenarios, takes every run, records runs and stops, and sends
 * progress and reports when the test says so.
 */
export class TestRunner {
  readonly runs: RunnerRun[] = [];
  readonly stops: RunnerStop[] = [];
  private constructor(
    readonly socket: Socket<RunnerServerEvents, RunnerClientEvents>,
    private readonly baseUrl: string,
  ) {}

  static async connect(baseUrl: string, scenarios: ScenarioSummary[], options: { drillId?: string; refuse?: boolean } = {}): Promise<TestRunner> {
    const token = await serviceToken(baseUrl);
    const socket: Socket<RunnerServerEvents, RunnerClientEvents> = io(`${baseUrl}/runner`, {
      auth: { token, drillId: options.drillId ?? null },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const runner = new TestRunner(socket, baseUrl);
    socket.on('run', (run, ack) => {
      runner.runs.push(run);
      ack(options.refuse ? { ok: false, message: 'busy' } : { ok: true });
    });
    socket.on('stop', (stop) => runner.stops.push(stop));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
    socket.emit('scenarios', scenarios);
    return runner;
  }

  progress(run: RunnerRun, over: Partial<DrillProgress> = {}): DrillProgress {
    const progress: DrillProgress = {
      drillId: run.drillId,
      scenario: run.scenario,
      phase: 'opening',
      elapsedSec: 3,
      simulatedSec: 3,
      durationSec: 40,
      simulatedTime: '2021-08-09T20:00:03+09:00',
      crowd: { active: 5, joined: 7, admitted: 4, verified: 2, booked: 1, abandoned: 0, errors: 0 },
      nextFault: { atSec: 8, kind: 'errors', provider: 'kakao', durationSec: 20 },
      ...over,
    };
    this.socket.emit('progress', progress);
    return progress;
  }

  report(run: RunnerRun, over: Partial<DrillReport> = {}): DrillReport {
    return {
      id: randomUUID(),
      drillId: run.drillId,
      scenario: run.scenario,
      scale: run.scale ?? 1,
      timeFactor: run.timeFactor ?? 1,
      startedAt: Date.now() - 40_000,
      endedAt: Date.now(),
      ending: 'completed',
      crowd: { active: 0, joined: 40, admitted: 38, verified: 35, booked: 31, abandoned: 2, errors: 3 },
      ticketsLost: 0,
      overbooked: 0,
      ttdSec: 12,
      ttmSec: 30,
      timeline: [
        { atSec: 8, kind: 'fault', text: 'kakao errors 100 %' },
        { atSec: 20, kind: 'alert_acked', text: 'provider_red kakao acknowledged by chief' },
      ],
      checks: [{ name: 'tickets lost', expected: '0', actual: '0', passed: true }],
      samples: [{ atSec: 5, waiting: 3, admittedPerSec: 1, bookedPerSec: 0.5, errorsPerSec: 0, etaMaxSec: 4 }],
      passed: true,
      ...over,
    };
  }

  /** Posts a report as the runner does at the end of a drill; the HTTP status. */
  async post(report: DrillReport, markdown?: string): Promise<number> {
    const token = await serviceToken(this.baseUrl);
    const res = await fetch(`${this.baseUrl}/api/v1/drills/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(markdown === undefined ? { report } : { report, markdown }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  close(): void {
    this.socket.close();
  }
}

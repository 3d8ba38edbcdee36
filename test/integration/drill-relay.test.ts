import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReply, DrillReport, DrillReportsReply, DrillScenariosReply, RunnerRun } from '../../protocol';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { scenario, SIMULATOR_KEY, TestRunner } from '../support/runner-client';
import { connectConsole, emitAck, nextEvent, operatorToken, type ConsoleClient } from '../server/console/console-client';

const consoleConfig = { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 };

describe('drills relayed across two nodes on one Redis', () => {
  let redis: RedisServer;
  let nodes: FastifyInstance[];
  let a: FastifyInstance;
  let b: FastifyInstance;
  const closers: { close(): void }[] = [];

  beforeAll(async () => {
    redis = await new RedisServer().start();
    nodes = await startNodes(2, { redisUrl: redis.url, simulatorKey: SIMULATOR_KEY, drillGraceSec: 1, console: consoleConfig });
    [a, b] = nodes as [FastifyInstance, FastifyInstance];
  });
  afterAll(async () => {
    for (const c of closers) c.close();
    await stopNodes(nodes);
    await redis.stop();
  });

  async function consoleOn(app: FastifyInstance, username: string, role: 'viewer' | 'commander' | 'trainer'): Promise<ConsoleClient> {
    const socket = await connectConsole(app, await operatorToken(app, username, role));
    closers.push(socket);
    return socket;
  }
  async function runnerOn(app: FastifyInstance, drillId?: string): Promise<TestRunner> {
    const runner = await TestRunner.connect(
      baseUrl(app),
      [scenario('smoke', { scale: 1, timeFactor: 1 }), scenario('pass-outage', { scale: 100, timeFactor: 60 })],
      {
        ...(drillId ? { drillId } : {}),
      },
    );
    closers.push(runner);
    return runner;
  }
  const get = async <T>(app: FastifyInstance, path: string, token: string): Promise<{ status: number; body: T; type: string | null }> => {
    const res = await fetch(`${baseUrl(app)}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const type = res.headers.get('content-type');
    return { status: res.status, body: (type?.includes('json') ? await res.json() : await res.text()) as T, type };
  };
  const waitRun = async (runner: TestRunner, count: number): Promise<RunnerRun> => {
    await expect.poll(() => runner.runs.length, { timeout: 5000, interval: 20 }).toBe(count);
    return runner.runs[count - 1]!;
  };

  it('relays a trainer’s start on node B to the runner on node A; progress and the report come back to consoles on B', async () => {
    const runner = await runnerOn(a);
    const trainer = await consoleOn(b, 'coach', 'trainer');
    const viewer = await consoleOn(b, 'watcher', 'viewer');
    const trainerToken = await operatorToken(b, 'coach', 'trainer');

    const scenarios = await get<DrillScenariosReply>(b, '/api/v1/drills/scenarios', trainerToken);
    expect(scenarios.body.runner).toBe(true);
    expect(scenarios.body.scenarios.map((s) => s.name)).toEqual(['smoke', 'pass-outage']);

    const started = nextEvent(viewer, 'drill', (d) => d.running);
    const ack = (await emitAck(trainer, 'drill:start', { scenario: 'pass-outage', timeFactor: 30 })) as { ok: boolean };
    expect(ack).toEqual({ ok: true });
    const run = await waitRun(runner, 1);
    // The scenario's declared scale, the trainer's time factor.
    expect(run).toEqual({ drillId: expect.any(String), scenario: 'pass-outage', scale: 100, timeFactor: 30 });
    expect(await started).toMatchObject({ running: true, id: run.drillId, scenario: 'pass-outage', scale: 100, timeFactor: 30 });

    // Progress: the trainer sees the next fault, the viewer does not.
    const toTrainer = nextEvent(trainer, 'drill', (d) => d.progress?.phase === 'surge');
    const toViewer = nextEvent(viewer, 'drill', (d) => d.progress?.phase === 'surge');
    const sent = runner.progress(run, { phase: 'surge' });
    expect((await toTrainer).progress).toEqual(sent);
    expect((await toViewer).progress).toEqual({ ...sent, nextFault: null });
    // A console that connects now gets the latest progress at once (stripped for a commander).
    const late = await connectConsole(b, await operatorToken(b, 'chief', 'commander'));
    closers.push(late);
    const onConnect = await nextEvent(late, 'drill');
    expect(onConnect.progress).toEqual({ ...sent, nextFault: null });

    // The report ends the drill: stored, listed on B, downloadable, audited with the verdict.
    const ended = nextEvent(viewer, 'drill', (d) => !d.running);
    const listed = nextEvent(viewer, 'drillReport');
    const report = runner.report(run, { passed: false });
    expect(await runner.post(report)).toBe(201);
    expect(await ended).toMatchObject({ running: false, id: null });
    expect((await listed).id).toBe(report.id);
    const list = await get<DrillReportsReply>(b, '/api/v1/drills/reports', trainerToken);
    expect(list.body.reports).toEqual([
      {
        id: report.id,
        drillId: run.drillId,
        scenario: 'pass-outage',
        scale: 100,
        timeFactor: 30,
        startedAt: report.startedAt,
        endedAt: report.endedAt,
        ending: 'completed',
        passed: false,
        ttdSec: 12,
        ttmSec: 30,
        ticketsLost: 0,
        overbooked: 0,
      },
    ]);
    expect((await get<DrillReport>(b, `/api/v1/drills/reports/${report.id}`, trainerToken)).body).toEqual(report);
    const md = await get<string>(b, `/api/v1/drills/reports/${report.id}?format=md`, trainerToken);
    expect(md.type).toContain('text/markdown');
    expect(md.body).toContain('# Drill report: pass-outage (FAILED)');
    expect(md.body).toContain('| 8 s | fault | kakao errors 100 % |');
    expect(await get(b, '/api/v1/drills/reports/nope', trainerToken)).toMatchObject({ status: 404, body: { error: 'unknown_report' } });
    const audit = await get<AuditReply>(a, '/api/v1/console/audit', trainerToken);
    const verdict = audit.body.entries.find((e) => e.kind === 'drill_stopped');
    expect(verdict).toMatchObject({
      actor: 'drill-runner',
      code: 'drill_verdict',
      params: { scenario: 'pass-outage', verdict: 'failed', ending: 'completed' },
    });
    expect((await b.store.console.drill()).running).toBe(false);
    runner.close();
  });

  it('relays a stop to the runner, and refuses whom it must', async () => {
    const runner = await runnerOn(a);
    const trainer = await consoleOn(b, 'coach2', 'trainer');
    const commander = await consoleOn(a, 'chief2', 'commander');
    const viewer = await consoleOn(b, 'watcher2', 'viewer');
    expect(await emitAck(commander, 'drill:start', { scenario: 'smoke' })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await emitAck(viewer, 'drill:start', { scenario: 'smoke' })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await emitAck(trainer, 'drill:start', { scenario: 'no-such' })).toMatchObject({ ok: false, error: 'unknown_scenario' });
    expect(await emitAck(trainer, 'drill:start', { scenario: 'smoke' })).toEqual({ ok: true });
    const run = await waitRun(runner, 1);
    expect(await emitAck(trainer, 'drill:start', { scenario: 'smoke' })).toMatchObject({ ok: false, error: 'drill_running' });
    expect(await emitAck(viewer, 'drill:stop', {})).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await emitAck(trainer, 'drill:stop', {})).toEqual({ ok: true });
    await expect.poll(() => runner.stops, { timeout: 5000, interval: 20 }).toEqual([{ drillId: run.drillId }]);
    // The stopped drill's report is still stored.
    const report = runner.report(run, { ending: 'stopped' });
    expect(await runner.post(report)).toBe(201);
    expect((await b.store.drills.report(report.id))?.report.ending).toBe('stopped');
    runner.close();
    await expect.poll(async () => (await b.drills.runners.runners()).length, { timeout: 5000, interval: 50 }).toBe(0);
    expect(await emitAck(trainer, 'drill:start', { scenario: 'smoke' })).toMatchObject({ ok: false, error: 'no_runner' });
  });

  it('ends a drill as failed when its runner disconnects and does not come back within the grace period', async () => {
    const runner = await runnerOn(a);
    const trainer = await consoleOn(b, 'coach3', 'trainer');
    expect(await emitAck(trainer, 'drill:start', { scenario: 'smoke' })).toEqual({ ok: true });
    const run = await waitRun(runner, 1);
    runner.progress(run);
    await expect.poll(async () => (await a.store.drills.progress())?.drillId, { timeout: 5000, interval: 20 }).toBe(run.drillId);

    // A blip: the runner comes back within the grace period, saying which drill it runs: the drill goes on.
    runner.close();
    const back = await runnerOn(a, run.drillId);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the 1 s grace period must pass to show nothing happened
    expect((await a.store.console.drill()).id).toBe(run.drillId);

    const failed = nextEvent(trainer, 'drillReport', (r) => r.drillId === run.drillId, 8000);
    const ended = nextEvent(trainer, 'drill', (d) => !d.running, 8000);
    back.close();
    expect(await failed).toMatchObject({ scenario: 'smoke', ending: 'failed', passed: false });
    expect(await ended).toMatchObject({ running: false });
    const stored = await b.store.drills.report((await failed).id);
    expect(stored?.report.checks).toEqual([{ name: 'drill runner', expected: 'connected until the end', actual: 'disconnected', passed: false }]);
    expect(stored?.report.crowd.joined).toBe(7);
  });
});

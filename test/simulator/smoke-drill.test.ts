import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, DrillReport } from '../../protocol';
import { loadScenario, runScenario } from '../../simulator/crowd/run-scenario';
import { reportMarkdown } from '../../simulator/report/report-markdown';
import { startDrillSetup, type DrillSetup } from '../support/drill-setup';
import { RedisServer } from '../support/redis-server';

/**
 * `smoke` end to end: the real server (training mode, Redis), the real provider simulator, a crowd
 * of real citizens over HTTP, and a commander on the console socket who acknowledges the alert the
 * injected fault raises.
 */
let redis: RedisServer;
let setup: DrillSetup;

beforeAll(async () => {
  redis = await new RedisServer().start();
  setup = await startDrillSetup(redis.url, 'smoke', { SLUICE_ALERT_PROVIDER_RED_SEC: '2' });
}, 90_000);

afterAll(async () => {
  setup?.stop();
  await redis?.stop();
});

describe('the smoke scenario against a real server, provider simulator and Redis', () => {
  it('produces a report: nothing lost or overbooked, a light turns red, and the acknowledged alert gives the time to detect', async () => {
    const acked: Alert[] = [];
    const commander = await setup.commander((alert, socket) => {
      if (alert.rule !== 'provider_red' || alert.ackedAt !== null || acked.some((a) => a.id === alert.id)) return;
      acked.push(alert);
      socket.emit('alert:ack', { id: alert.id }, () => undefined);
    });
    let report: DrillReport;
    try {
      report = await runScenario(loadScenario('smoke'), {
        serverUrl: setup.serverUrl,
        providersUrl: setup.providersUrl,
        token: await setup.login('trainer'),
        graceSec: 15,
      });
    } finally {
      commander.close();
    }
    const summary = reportMarkdown(report);
    expect(report.ending, summary).toBe('completed');
    expect(report.crowd.booked, summary).toBeGreaterThan(0);
    expect(report.ticketsLost, summary).toBe(0);
    expect(report.overbooked, summary).toBe(0);
    expect(
      report.timeline.some((e) => e.kind === 'light' && /^kakao .*→ red$/.test(e.text)),
      summary,
    ).toBe(true);
    expect(
      acked.map((a) => a.subject),
      summary,
    ).toContain('kakao');
    expect(
      report.timeline.some((e) => e.kind === 'alert_acked'),
      summary,
    ).toBe(true);
    expect(report.ttdSec, summary).not.toBeNull();
    expect(report.ttdSec!, summary).toBeGreaterThan(0);
    expect(report.checks.find((c) => c.name === 'a commander acknowledges the alert')?.passed, summary).toBe(true);
    expect(report.passed, summary).toBe(true);
    expect(summary).toContain('# Drill report: smoke — PASSED');
    // Every fault the drill injected is gone again.
    const left = (await (await fetch(`${setup.providersUrl}/faults`)).json()) as { faults: unknown[] };
    expect(left.faults).toEqual([]);
  }, 150_000);

  it('stops on abort: the report ends as stopped and every fault the drill injected is cleared', async () => {
    const stop = new AbortController();
    const scenario = loadScenario('smoke');
    const early = { ...scenario, faults: [{ ...scenario.faults[0]!, atSec: 1, durationSec: 600 }] };
    const report = await runScenario(early, {
      serverUrl: setup.serverUrl,
      providersUrl: setup.providersUrl,
      onProgress: (p) => {
        if (p.elapsedSec >= 3) stop.abort();
      },
      signal: stop.signal,
    });
    expect(report.ending).toBe('stopped');
    expect(report.passed).toBe(false);
    expect(report.timeline.filter((e) => e.kind === 'fault').map((e) => e.text)).toEqual([expect.stringContaining('errors on kakao')]);
    const left = (await (await fetch(`${setup.providersUrl}/faults`)).json()) as { faults: unknown[] };
    expect(left.faults).toEqual([]);
  }, 60_000);
});

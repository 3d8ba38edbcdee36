import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../protocol';
import { runScenario } from '../../simulator/crowd/run-scenario';
import { parseScenario, SCENARIO_DIR } from '../../simulator/crowd/scenario-files';
import { reportMarkdown } from '../../simulator/report/report-markdown';
import { storeFaultClient } from '../../simulator/store-fault/store-fault-client';
import { startTrainingStoreFault, type ProxiedStore } from '../../simulator/store-fault/training-store-fault';
import { startDrillSetup, type DrillSetup } from '../support/drill-setup';
import { RedisServer } from '../support/redis-server';

/**
 * A store_blip drill through the setup `npm start` makes on Redis: the server reaches Redis through
 * the store fault proxy, the drill cuts it through the proxy's control, a commander acknowledges
 * the store alert it raises, and nothing confirmed is lost.
 */
const KEY = randomBytes(24).toString('base64url');
let redis: RedisServer;
let storeFault: ProxiedStore;
let setup: DrillSetup;

beforeAll(async () => {
  redis = await new RedisServer().start();
  const made = await startTrainingStoreFault(redis.url, KEY);
  if (made.kind !== 'proxied') throw new Error(made.reason);
  storeFault = made;
  setup = await startDrillSetup(storeFault.redisUrl, 'blip', { SLUICE_ALERT_STORE_DOWN_SEC: '1' });
}, 90_000);

afterAll(async () => {
  setup?.stop();
  await storeFault?.close();
  await redis?.stop();
});

describe('a store_blip drill through the training setup’s store fault proxy', () => {
  it('cuts the store for the scenario’s seconds: the store alert is raised and acknowledged, nothing is lost or overbooked', async () => {
    // The smoke crowd, with the store cut for 4 s from second 8 instead of a provider fault.
    const smoke = readFileSync(join(SCENARIO_DIR, 'smoke.yaml'), 'utf8');
    const text = smoke
      .replace(/^name: smoke$/m, 'name: smoke-store-blip')
      .replace(/^ {2}- \{ atSec: 8, kind: errors.*$/m, "  - { atSec: 8, kind: store_blip, durationSec: 4, note: 'Redis unreachable' }");
    const scenario = parseScenario(text, 'smoke-store-blip.yaml');
    expect(scenario.faults).toEqual([expect.objectContaining({ kind: 'store_blip', durationSec: 4 })]);

    const raised: Alert[] = [];
    const ackReplies: unknown[] = [];
    const controlReplies: unknown[] = [];
    const commander = await setup.commander((alert, socket) => {
      if (alert.rule !== 'store_down' || raised.some((a) => a.id === alert.id)) return;
      raised.push(alert);
      // Acknowledged at once: while the store is still cut.
      if (alert.ackedAt === null) {
        socket.emit('alert:ack', { id: alert.id }, (reply: unknown) => ackReplies.push(reply));
        // Any other command still needs the account checked against the store: refused.
        socket.emit('controls:update', { patch: { admissionRatePerSec: 123 }, reason: 'during the cut' }, (reply: unknown) => controlReplies.push(reply));
      }
    });
    const report = await runScenario(scenario, {
      serverUrl: setup.serverUrl,
      providersUrl: setup.providersUrl,
      token: await setup.login('trainer'),
      graceSec: 15,
      storeFault: storeFaultClient(storeFault.controlUrl, KEY),
    }).finally(() => commander.close());
    const summary = reportMarkdown(report);

    const faults = report.timeline.filter((e) => e.kind === 'fault' || e.kind === 'fault_cleared' || e.kind === 'note');
    expect(
      faults.map((e) => [e.kind, e.text]),
      summary,
    ).toEqual([
      ['fault', expect.stringContaining('store_blip on store')],
      ['fault_cleared', expect.stringContaining('store reachable again')],
    ]);
    const [cut, cleared] = faults;
    expect(cleared!.atSec - cut!.atSec, summary).toBeGreaterThanOrEqual(3.9);
    expect(
      raised.map((a) => a.rule),
      summary,
    ).toEqual(['store_down']);
    expect(ackReplies, summary).toEqual([{ ok: true }]);
    expect(controlReplies, summary).toEqual([expect.objectContaining({ ok: false, error: 'store_unavailable' })]);
    expect(
      report.timeline.some((e) => e.kind === 'alert_acked'),
      summary,
    ).toBe(true);
    expect(report.ttdSec, summary).not.toBeNull();
    // Acknowledged during the cut: before the store was back.
    expect(report.ttdSec!, summary).toBeLessThan(cleared!.atSec - cut!.atSec);
    expect(report.checks.find((c) => c.name === 'a commander acknowledges the alert')?.passed, summary).toBe(true);
    expect(report.ending, summary).toBe('completed');
    expect(report.crowd.booked, summary).toBeGreaterThan(0);
    expect(report.ticketsLost, summary).toBe(0);
    expect(report.overbooked, summary).toBe(0);
    expect((await fetch(`${setup.serverUrl}/readyz`)).status).toBe(200);
  }, 150_000);
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../protocol';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../server/alerts/alert-thresholds';
import { buildApp } from '../../../server/app';
import { ManualClock } from '../../../server/clock';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { connectConsole, emitAck, nextEvent, operatorToken, type ConsoleClient } from './console-client';

describe('an alert rule end to end', () => {
  const clock = new ManualClock();
  let app: FastifyInstance;
  let commander: ConsoleClient;

  beforeAll(async () => {
    const alerts = { ...DEFAULT_ALERT_THRESHOLDS, etaMaxSec: 60, etaForSec: 2, resolveHoldSec: 0 };
    app = await buildApp(testConfig({ console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0, alerts } }), { clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    commander = await connectConsole(app, await operatorToken(app, 'chief', 'commander'));
  });
  afterAll(async () => {
    commander.close();
    await app.close();
  });

  async function second(): Promise<void> {
    clock.advance(1000);
    await app.consoleGateway.cycle.runOnce();
  }

  it('fires once when the ETA stays too long, is acknowledged by name, and resolves when the queue drains', async () => {
    await app.controls.update({ admissionRatePerSec: 1 });
    for (let i = 0; i < 200; i++) await app.waitingRoom.join(undefined);
    const raisedEvent = nextEvent(commander, 'alert', (a) => a.rule === 'eta_long' && a.resolvedAt === null);

    await second();
    await second();
    expect(await app.consoleGateway.alerts.list()).toEqual([]);
    await second();
    const raised = await raisedEvent;
    expect(raised).toMatchObject({ severity: 'warning', ackedBy: null, drill: false });
    await second();
    expect((await app.consoleGateway.alerts.list()).filter((a) => a.rule === 'eta_long')).toHaveLength(1);

    const ackedEvent = nextEvent(commander, 'alert', (a) => a.id === raised.id && a.ackedBy === 'chief');
    expect(await emitAck(commander, 'alert:ack', { id: raised.id })).toEqual({ ok: true });
    expect((await ackedEvent).ackedAt).toBe(clock.now());
    expect(await emitAck(commander, 'alert:ack', { id: 'eta_long@0' })).toMatchObject({ ok: false, error: 'unknown_alert' });

    await app.controls.update({ admissionRatePerSec: 1000 });
    await app.waitingRoom.tickOnce();
    clock.advance(1000);
    await app.waitingRoom.tickOnce();
    const resolvedEvent = nextEvent(commander, 'alert', (a): a is Alert => a.id === raised.id && a.resolvedAt !== null);
    await second();
    const resolved = await resolvedEvent;
    expect(resolved).toMatchObject({ ackedBy: 'chief', resolvedAt: clock.now() });
    const kinds = (await app.auditLog.since(0, 100)).filter((e) => e.ref === raised.id).map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual([
      ['alert_raised', null],
      ['alert_acked', 'chief'],
      ['alert_resolved', null],
    ]);
  });

  it('does not let a viewer acknowledge alerts', async () => {
    const viewer = await connectConsole(app, await operatorToken(app, 'watcher', 'viewer'));
    expect(await emitAck(viewer, 'alert:ack', { id: 'anything' })).toMatchObject({ ok: false, error: 'forbidden' });
    viewer.close();
  });
});

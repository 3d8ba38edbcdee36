import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReply } from '../../../protocol';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { seedDemoOperators } from '../../../server/operators/demo-operators';
import { baseUrl } from '../../support/cluster';
import { scenario, SIMULATOR_KEY, TestRunner } from '../../support/runner-client';
import { connectConsole, emitAck, login, nextEvent, operatorToken, type ConsoleClient } from './console-client';

const consoleConfig = { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 };

describe('drills, the incident timeline and its export', () => {
  let app: FastifyInstance;
  let trainer: ConsoleClient;
  let commander: ConsoleClient;
  let viewerToken: string;
  let runner: TestRunner;

  beforeAll(async () => {
    app = await buildApp(testConfig({ console: consoleConfig, simulatorKey: SIMULATOR_KEY }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    runner = await TestRunner.connect(baseUrl(app), [scenario('july-19'), scenario('again')]);
    trainer = await connectConsole(app, await operatorToken(app, 'coach', 'trainer'));
    commander = await connectConsole(app, await operatorToken(app, 'chief', 'commander'));
    viewerToken = await operatorToken(app, 'watcher', 'viewer');
  });
  afterAll(async () => {
    runner.close();
    trainer.close();
    commander.close();
    await app.close();
  });

  it('lets a trainer change controls only while a drill runs, and marks what happens in it as drill', async () => {
    expect(await emitAck(trainer, 'controls:update', { patch: { gate: 'paused' }, reason: 'practice pause' })).toMatchObject({ error: 'forbidden' });
    expect(await emitAck(commander, 'drill:start', { scenario: 'july-19' })).toMatchObject({ error: 'forbidden' });

    const drillEvent = nextEvent(commander, 'drill', (d) => d.running);
    expect(await emitAck(trainer, 'drill:start', { scenario: 'july-19', scale: 100 })).toEqual({ ok: true });
    expect(await drillEvent).toMatchObject({ running: true, scenario: 'july-19', scale: 100 });
    expect(await emitAck(trainer, 'drill:start', { scenario: 'again' })).toMatchObject({ error: 'drill_running' });
    expect((await app.consoleGateway.cycle.runOnce())?.drill).toMatchObject({ running: true, scenario: 'july-19' });

    expect(await emitAck(trainer, 'controls:update', { patch: { gate: 'paused' }, reason: 'practice pause' })).toEqual({ ok: true });
    expect(app.controls.current.gate).toBe('paused');
    expect(await emitAck(commander, 'incident:note', { text: 'phone carrier called back' })).toEqual({ ok: true });
    expect(await emitAck(trainer, 'drill:stop', {})).toEqual({ ok: true });
    expect(await emitAck(trainer, 'drill:stop', {})).toMatchObject({ error: 'no_drill' });
    expect(await emitAck(commander, 'incident:note', { text: 'after the drill' })).toEqual({ ok: true });

    const entries = await app.auditLog.since(0, 100);
    const summary = entries.filter((e) => e.kind !== 'login').map((e) => [e.kind, e.actor, e.drill]);
    expect(summary).toEqual([
      ['controls_denied', 'coach', false],
      ['drill_started', 'coach', true],
      ['controls', 'coach', true],
      ['note', 'chief', true],
      ['drill_stopped', 'coach', true],
      ['note', 'chief', false],
    ]);
  });

  it('exports the timeline as JSON and Markdown to any operator, and to nobody else', async () => {
    const url = `${baseUrl(app)}/api/v1/console/audit`;
    expect((await fetch(url)).status).toBe(401);
    expect(await (await fetch(url, { headers: { authorization: 'Bearer forged' } })).json()).toMatchObject({ error: 'invalid_token' });
    expect((await fetch(`${url}?since=yesterday`, { headers: { authorization: `Bearer ${viewerToken}` } })).status).toBe(400);
    for (const since of ['1e20', '32503680000001', '-1', '1.5']) {
      const answer = await fetch(`${url}?since=${since}`, { headers: { authorization: `Bearer ${viewerToken}` } });
      expect([since, answer.status, ((await answer.json()) as { error: string }).error]).toEqual([since, 400, 'bad_request']);
    }
    expect((await fetch(`${url}?since=32503680000000`, { headers: { authorization: `Bearer ${viewerToken}` } })).status).toBe(200);

    const json = (await (await fetch(url, { headers: { authorization: `Bearer ${viewerToken}` } })).json()) as AuditReply;
    const notes = json.entries.filter((e) => e.kind === 'note');
    expect(notes.map((e) => e.text)).toEqual(['phone carrier called back', 'after the drill']);
    const since = notes[1]!.at;
    const later = (await (await fetch(`${url}?since=${since}`, { headers: { authorization: `Bearer ${viewerToken}` } })).json()) as AuditReply;
    expect(later.entries.map((e) => e.text)).toEqual(['after the drill']);

    const md = await fetch(`${url}?format=md`, { headers: { authorization: `Bearer ${viewerToken}` } });
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    const text = await md.text();
    expect(text).toMatch(/^# Sluice incident timeline/);
    expect(text).toContain('Times are KST (UTC+09:00)');
    expect(text).toMatch(/\n\| \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+09:00 \| controls \|/);
    expect(text).toContain('| controls | coach (trainer) | DRILL | gate: "open" → "paused" — reason: practice pause |');
    expect(text).toContain('phone carrier called back');
  });

  it('refuses drills on a server in live mode', async () => {
    const live = await buildApp(testConfig({ mode: 'live', console: consoleConfig }));
    await live.listen({ port: 0, host: '127.0.0.1' });
    const socket = await connectConsole(live, await operatorToken(live, 'coach', 'trainer'));
    expect(await emitAck(socket, 'drill:start', { scenario: 'july-19' })).toMatchObject({ ok: false, error: 'not_training' });
    socket.close();
    expect(await seedDemoOperators(live)).toBeNull();
    await live.close();
  });

  it('seeds the four demo operators once in training mode', async () => {
    const training = await buildApp(testConfig({ demoPassword: 'demo-password', console: consoleConfig }));
    await training.listen({ port: 0, host: '127.0.0.1' });
    const seeded = await seedDemoOperators(training);
    expect(seeded?.map((o) => [o.username, o.role, o.password])).toEqual([
      ['viewer', 'viewer', 'demo-password'],
      ['commander', 'commander', 'demo-password'],
      ['trainer', 'trainer', 'demo-password'],
      ['admin', 'admin', 'demo-password'],
    ]);
    expect(await seedDemoOperators(training)).toBeNull();
    expect((await login(training, 'commander', 'demo-password')).status).toBe(200);
    await training.close();
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { connectConsole, emitAck, operatorToken, type ConsoleClient } from './console-client';

const EVENTS = ['controls:update', 'alert:ack', 'incident:note', 'drill:start', 'drill:stop'] as const;

const JUNK: unknown[] = [
  undefined,
  null,
  0,
  -1,
  'controls',
  true,
  [],
  [1, 2, 3],
  {},
  { patch: 'open' },
  { patch: { admissionRatePerSec: -5 }, reason: 'negative rate' },
  { patch: { admissionRatePerSec: 'fast' }, reason: 'wrong type' },
  { patch: { gate: 'ajar' }, reason: 'no such gate' },
  { patch: { providers: { nosuch: { enabled: false } } }, reason: 'unknown provider' },
  { patch: { autoThrottle: { minRatePerSec: 500, maxRatePerSec: 10 } }, reason: 'min above max' },
  { patch: { admissionRatePerSec: 5 } },
  { patch: { admissionRatePerSec: 5 }, reason: 'x' },
  { patch: { admissionRatePerSec: 5 }, reason: 'ok reason', extra: true },
  { id: 42 },
  { id: '' },
  { text: '' },
  { text: 'x'.repeat(5000) },
  { scenario: 7 },
  { scenario: 'july-19', scale: -1 },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  { a: { b: { c: { d: { e: { f: { g: {} } } } } } } },
];

describe('console commands against junk payloads', () => {
  let app: FastifyInstance;
  let commander: ConsoleClient;
  let trainer: ConsoleClient;

  beforeAll(async () => {
    // Hundreds of junk commands in a row: the per-operator budget is not what this test is about.
    app = await buildApp(testConfig({ console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0, commandBurst: 100_000 } }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    commander = await connectConsole(app, await operatorToken(app, 'chief', 'commander'));
    trainer = await connectConsole(app, await operatorToken(app, 'coach', 'trainer'));
  });
  afterAll(async () => {
    commander.close();
    trainer.close();
    await app.close();
  });

  it('answers every wrong shape with a clear bad_request ack and changes nothing', async () => {
    const controlsBefore = structuredClone(app.controls.current);
    for (const socket of [commander, trainer]) {
      for (const event of EVENTS) {
        for (const payload of JUNK) {
          const ack = await emitAck(socket, event, payload);
          // undefined travels as null; both mean "no payload"
          const empty =
            payload === undefined ||
            payload === null ||
            (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && JSON.stringify(payload) === '{}');
          if (event === 'drill:stop' && socket === trainer && empty) {
            // an empty stop payload is valid; nothing runs, so it is refused as no_drill
            expect(ack).toMatchObject({ ok: false, error: 'no_drill' });
            continue;
          }
          expect(ack.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
          if (!ack.ok) {
            expect(['bad_request', 'forbidden', 'invalid_controls'], `${event} ${JSON.stringify(payload)}`).toContain(ack.error);
            expect(typeof ack.message).toBe('string');
          }
        }
      }
    }
    expect(app.controls.current).toEqual(controlsBefore);
    expect((await app.store.console.drill()).running).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives the same junk sent without an ack callback, and with a callback as the only argument', async () => {
    for (const event of EVENTS) {
      for (const payload of JUNK) (commander as unknown as { emit: (e: string, p: unknown) => void }).emit(event, payload);
      (commander as unknown as { emit: (e: string) => void }).emit(event);
      await new Promise<void>((resolve) => (commander as unknown as { emit: (e: string, cb: () => void) => void }).emit(event, () => resolve()));
    }
    (commander as unknown as { emit: (e: string, p: unknown) => void }).emit('no-such-event', { x: 1 });
    // still connected and still serving
    expect(await emitAck(commander, 'incident:note', { text: 'still here' })).toEqual({ ok: true });
    expect(commander.connected).toBe(true);
    expect((await app.auditLog.since(0, 1000)).filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['still here']);
  });
});

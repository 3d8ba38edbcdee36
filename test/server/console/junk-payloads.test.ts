import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { connectConsole, emitAck, operatorToken, type ConsoleClient } from './console-client';

const EVENTS = ['controls:update', 'alert:ack', 'incident:note', 'drill:start', 'drill:stop'] as const;

type Event = (typeof EVENTS)[number];
type Role = 'commander' | 'trainer';

/** What each role may send with no drill running (protocol/roles.ts spelled out, so a drift fails here). */
const MAY: Record<Role, readonly Event[]> = {
  commander: ['controls:update', 'alert:ack', 'incident:note'],
  trainer: ['alert:ack', 'incident:note', 'drill:start', 'drill:stop'],
};

/** A junk payload, and the events on which a sender who may send it gets something other than bad_request. */
interface Junk {
  payload: unknown;
  otherwise?: Partial<Record<Event, string>>;
}

// Nothing running, so an empty stop is well-formed and refused as no_drill.
const EMPTY_STOP = { 'drill:stop': 'no_drill' } as const;

const JUNK: Junk[] = [
  { payload: undefined, otherwise: EMPTY_STOP },
  { payload: null, otherwise: EMPTY_STOP },
  { payload: 0 },
  { payload: -1 },
  { payload: 'controls' },
  { payload: true },
  { payload: [] },
  { payload: [1, 2, 3] },
  { payload: {}, otherwise: EMPTY_STOP },
  { payload: { patch: 'open' } },
  { payload: { patch: { admissionRatePerSec: -5 }, reason: 'negative rate' } },
  { payload: { patch: { admissionRatePerSec: 'fast' }, reason: 'wrong type' } },
  { payload: { patch: { gate: 'ajar' }, reason: 'no such gate' } },
  { payload: { patch: { providers: { nosuch: { enabled: false } } }, reason: 'unknown provider' } },
  // Well-formed, but the controls it would make are not valid together.
  {
    payload: { patch: { autoThrottle: { minRatePerSec: 500, maxRatePerSec: 10 } }, reason: 'min above max' },
    otherwise: { 'controls:update': 'invalid_controls' },
  },
  { payload: { patch: { admissionRatePerSec: 5 } } },
  { payload: { patch: { admissionRatePerSec: 5 }, reason: 'x' } },
  { payload: { patch: { admissionRatePerSec: 5 }, reason: 'ok reason', extra: true } },
  { payload: { id: 42 } },
  { payload: { id: '' } },
  { payload: { text: '' } },
  { payload: { text: 'x'.repeat(5000) } },
  { payload: { scenario: 7 } },
  { payload: { scenario: 'july-19', scale: -1 } },
  // Prototype pollution as it arrives over the wire: JSON text, where "__proto__" is an own key.
  { payload: JSON.parse('{"__proto__":{"polluted":true}}') },
  { payload: JSON.parse('{"patch":{"__proto__":{"admissionRatePerSec":1}},"reason":"proto in the patch"}') },
  { payload: { constructor: { prototype: { polluted: true } } } },
  { payload: { a: { b: { c: { d: { e: { f: { g: {} } } } } } } } },
];

/** The exact refusal: forbidden for a role that may not, else bad_request unless the shape says otherwise. */
function expectedCode(role: Role, event: Event, junk: Junk): string {
  if (!MAY[role].includes(event)) return 'forbidden';
  return junk.otherwise?.[event] ?? 'bad_request';
}

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

  it('answers each of 27 wrong shapes with the exact refusal for the role and event, and changes nothing', async () => {
    const controlsBefore = structuredClone(app.controls.current);
    // 27 shapes as they travel (undefined goes as null), each distinct on the wire.
    expect(new Set(JUNK.map((j) => JSON.stringify(j.payload) ?? 'null')).size).toBe(27);
    const seen: Record<string, number> = {};
    for (const [role, socket] of [
      ['commander', commander],
      ['trainer', trainer],
    ] as const) {
      for (const event of EVENTS) {
        for (const junk of JUNK) {
          const ack = await emitAck(socket, event, junk.payload);
          const what = `${role} ${event} ${JSON.stringify(junk.payload)}`;
          expect(ack, what).toEqual({ ok: false, error: expectedCode(role, event, junk), message: expect.any(String) });
          if (!ack.ok) seen[ack.error] = (seen[ack.error] ?? 0) + 1;
        }
      }
    }
    // 2 roles x 5 events x 28 payloads; commander may not start or stop a drill, the trainer may not change controls.
    expect(seen).toEqual({ forbidden: 3 * 28, bad_request: 280 - 3 * 28 - 1 - 3, invalid_controls: 1, no_drill: 3 });
    expect(app.controls.current).toEqual(controlsBefore);
    expect((await app.store.console.drill()).running).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives the same junk sent without an ack callback, and with a callback as the only argument', async () => {
    for (const event of EVENTS) {
      for (const { payload } of JUNK) (commander as unknown as { emit: (e: string, p: unknown) => void }).emit(event, payload);
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

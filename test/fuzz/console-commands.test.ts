import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import Value from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_PAYLOADS, ERROR_CODES, type Role } from '../../protocol';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { connectConsole, emitAck, operatorToken, type ConsoleClient } from '../server/console/console-client';
import { recordFault } from '../support/fault-record';
import { RedisServer } from '../support/redis-server';
import { changedKeys, storeContents } from '../support/store-contents';

const EVENTS = Object.keys(COMMAND_PAYLOADS) as (keyof typeof COMMAND_PAYLOADS)[];
const ROLES: Role[] = ['viewer', 'commander', 'trainer', 'admin'];
const RUNS_PER_EVENT = 40;
const AUDIT_KEYS = /:audit(:|$)/;
/** The Socket.IO adapter's stream and session-recovery keys: messages between nodes and sockets, not state. */
const TRANSPORT_KEYS = /:sio(:|$)/;

/** Prototype pollution as JSON text, parsed the way the server's parser does: "__proto__" is an own key. */
const POLLUTION = [
  '{"__proto__":{"polluted":true}}',
  '{"patch":{"__proto__":{"admissionRatePerSec":1}},"reason":"through the prototype"}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"id":"x","__proto__":{"polluted":true}}',
].map((text) => JSON.parse(text) as unknown);

describe('every console command against generated junk', () => {
  let redis: RedisServer;
  let app: FastifyInstance;
  const sockets = new Map<Role, ConsoleClient>();

  beforeAll(async () => {
    redis = await new RedisServer().start();
    const console = { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0, commandBurst: 1_000_000, denialSummaryMs: 3_600_000 };
    app = await buildApp(testConfig({ redisUrl: redis.url, keyPrefix: `cfuzz${randomBytes(3).toString('hex')}`, console }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    for (const role of ROLES) sockets.set(role, await connectConsole(app, await operatorToken(app, `fuzz-${role}`, role)));
  });
  afterAll(async () => {
    for (const socket of sockets.values()) socket.close();
    await app.close();
    await redis.stop();
  });

  it('acks every schema-invalid payload from every role with a listed error code and changes nothing', async () => {
    let sent = 0;
    for (const event of EVENTS) {
      const invalid = fc.oneof(
        { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
        { weight: 1, arbitrary: fc.constantFrom(...POLLUTION) },
        // Long, but inside the 64 KiB frame the gateway accepts (a bigger frame is tested below).
        { weight: 1, arbitrary: fc.string({ minLength: 5000, maxLength: 15_000 }).map((text) => ({ patch: {}, reason: text, text, id: text })) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
      const before = await storeContents(app.store);
      const startedAt = app.clock.now();
      await fc.assert(
        fc.asyncProperty(
          invalid.filter((payload) => !Value.Check(COMMAND_PAYLOADS[event], payload)),
          fc.constantFrom(...ROLES),
          async (payload, role) => {
            const ack = await emitAck(sockets.get(role)!, event, payload);
            sent++;
            const what = `${role} ${event} ${JSON.stringify(payload)?.slice(0, 200)}`;
            expect(ack.ok, what).toBe(false);
            if (!ack.ok) {
              expect(ERROR_CODES as readonly string[], what).toContain(ack.error);
              expect(['internal', 'store_unavailable'], what).not.toContain(ack.error);
              expect(typeof ack.message, what).toBe('string');
            }
          },
        ),
        { numRuns: RUNS_PER_EVENT, seed: 20210719, endOnFailure: true },
      );
      const changed = changedKeys(before, await storeContents(app.store));
      // The one write junk may cause: a role that may not change controls is audited for trying (by design).
      const audited = (await app.auditLog.since(0, 100_000)).filter((e) => e.at >= startedAt);
      for (const entry of audited) expect(entry, event).toMatchObject({ kind: 'controls_denied', role: expect.stringMatching(/^(viewer|trainer|admin)$/) });
      if (event !== 'controls:update') expect(audited, event).toEqual([]);
      expect(
        changed.filter((k) => !TRANSPORT_KEYS.test(k) && !(audited.length > 0 && AUDIT_KEYS.test(k))),
        event,
      ).toEqual([]);
    }
    for (const [role, socket] of sockets) expect(socket.connected, role).toBe(true);

    // A frame over the gateway's 64 KiB limit: that socket is dropped, nothing else is touched.
    const big = await connectConsole(app, await operatorToken(app, 'fuzz-big', 'commander'));
    const dropped = new Promise<string>((resolve) => big.once('disconnect', resolve));
    (big as unknown as { emit: (event: string, payload: unknown) => void }).emit('incident:note', { text: 'x'.repeat(100_000) });
    expect(await dropped).toBe('transport close');
    big.close();
    expect(await emitAck(sockets.get('commander')!, 'alert:ack', { id: 'no-such-alert' })).toMatchObject({ ok: false, error: 'unknown_alert' });
    // The note in the dropped frame was never written (the operator's own record notes the disconnect).
    expect((await app.auditLog.since(0, 100_000)).filter((e) => e.kind === 'note')).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    recordFault({
      fault: 'Generated junk on every console command (from COMMAND_PAYLOADS), every role',
      load: `${sent} commands on ${EVENTS.length} events: wrong types, missing, 5-15 kB strings, prototype pollution as JSON text`,
      outcome: 'every one acked { ok: false } with a listed code, no store key changed, every socket still connected; a 100 kB frame drops only its own socket',
    });
  }, 120_000);
});

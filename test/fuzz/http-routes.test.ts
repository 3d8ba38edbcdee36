import { randomBytes } from 'node:crypto';
import Ajv from 'ajv';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../protocol';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { writeSlots } from '../server/booking/fixtures';
import { recordFault } from '../support/fault-record';
import { RedisServer } from '../support/redis-server';
import { changedKeys, storeContents } from '../support/store-contents';

interface Operation {
  method: string;
  path: string;
  requestBody?: { content?: Record<string, { schema?: object }> };
  parameters?: { in: string; name: string }[];
}

const RUNS_PER_ROUTE = 60;
/** Routes that only read: a 2xx is a fine answer to junk there (unknown query values are ignored or filtered out). */
const SAFE = new Set(['GET', 'HEAD']);

/**
 * Keys that must move with junk: they count requests and refusals (rate-limit windows, booking
 * failure counters by reason). Every other key must stay byte for byte as it was.
 */
const COUNTS_OF_REFUSALS = [/:rl:/, /:b:stats$/];

/** JSON text that tries to reach Object.prototype, as it would arrive on the wire. */
const POLLUTION = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"clientId":"x","__proto__":{"isAdmin":true}}',
  '{"slotId":{"__proto__":{"polluted":true}}}',
  '[{"__proto__":{"polluted":true}}]',
];

/** Bodies a client should never send: wrong JSON, wrong types, too big, pollution; each checked to be invalid for the route. */
function junkBodies(valid: (value: unknown) => boolean): fc.Arbitrary<string | undefined> {
  const invalidJson = fc.jsonValue({ maxDepth: 4 }).filter((v) => !valid(v));
  return fc.oneof(
    { weight: 5, arbitrary: invalidJson.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTION) },
    { weight: 1, arbitrary: fc.constantFrom('{', 'nul', '"', '{"a":}', '\u0000', '[]]') },
    // Over the 16 KiB body limit.
    { weight: 1, arbitrary: fc.integer({ min: 17_000, max: 40_000 }).map((n) => JSON.stringify({ clientId: 'x'.repeat(n) })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const junkText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant('x'.repeat(9000)),
  fc.constantFrom('-1', '1e309', 'NaN', 'null', '[]', '{}'),
);

describe('every HTTP route against generated junk', () => {
  let redis: RedisServer;
  let app: FastifyInstance;
  const sent = new Map<string, number>();

  beforeAll(async () => {
    redis = await new RedisServer().start();
    const slotsFile = writeSlots([{ id: 'c1', region: 'seoul', name: 'Mapo-gu Vaccination Center', seats: { pfizer: 10 } }]);
    // No snapshot cycle: its writes each second would hide (or fake) a change made by a request.
    const console = { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 };
    app = await buildApp(testConfig({ redisUrl: redis.url, keyPrefix: `fuzz${randomBytes(3).toString('hex')}`, slotsFile, console }));
    // One join and an operator, so the store holds something to damage.
    expect((await app.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} })).statusCode).toBe(200);
    await app.operators.add('chief', 'commander', 'correct horse battery');
  });
  afterAll(async () => {
    await app.close();
    await redis.stop();
  });

  it('answers 4xx with a listed code (or a read with 2xx), never 5xx, and changes nothing in the store', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }>();
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    );
    // Every documented route, so a route added later is fuzzed without touching this file.
    expect(operations.length).toBeGreaterThanOrEqual(13);
    const ajv = new Ajv({ strict: false, allErrors: false });

    for (const op of operations) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const validate = schema ? ajv.compile(schema) : () => false;
      const before = await storeContents(app.store);
      const request = fc.record({
        params: fc.array(junkText, { minLength: 1, maxLength: 1 }),
        query: fc.dictionary(
          fc.oneof(fc.constantFrom(...(op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), 'x'), fc.string({ maxLength: 8 })),
          junkText,
          {
            maxKeys: 4,
          },
        ),
        authorization: fc.option(
          fc.oneof(
            junkText,
            junkText.map((t) => `Bearer ${t}`),
            fc.constant('Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'),
          ),
          { nil: undefined },
        ),
        idempotencyKey: fc.option(junkText, { nil: undefined }),
        body: junkBodies((v) => Boolean(validate(v))),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const url = op.path.replace(/\{[^}]+\}/g, encodeURIComponent(r.params[0]!));
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (r.authorization !== undefined) headers.authorization = r.authorization.replace(/[^\t\x20-\x7e]/g, '');
          if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey.replace(/[^\t\x20-\x7e]/g, '');
          const options: InjectOptions = { method: op.method, url, query: r.query, headers };
          if (op.requestBody && r.body !== undefined) options.payload = r.body;
          const answer = await app.inject(options);
          sent.set(op.path, (sent.get(op.path) ?? 0) + 1);
          const what = `${op.method} ${url} -> ${answer.statusCode} ${answer.body.slice(0, 200)}`;
          expect(answer.statusCode, what).toBeLessThan(500);
          if (answer.statusCode >= 400) {
            const body = answer.json<{ error: string; message: string }>();
            expect(ERROR_CODES as readonly string[], what).toContain(body.error);
            expect(typeof body.message, what).toBe('string');
            expect(answer.body, what).not.toMatch(/\n\s+at /);
          } else {
            expect(SAFE.has(op.method), what).toBe(true);
          }
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20210809 },
      );
      const changed = changedKeys(before, await storeContents(app.store)).filter((k) => !COUNTS_OF_REFUSALS.some((re) => re.test(k)));
      expect(changed, `${op.method} ${op.path}`).toEqual([]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const total = [...sent.values()].reduce((a, b) => a + b, 0);
    recordFault({
      fault: 'Generated junk on every HTTP route (from the OpenAPI document)',
      load: `${total} requests on ${operations.length} routes: malformed, oversized, wrongly typed, missing, prototype pollution as JSON text`,
      outcome: 'every one a 4xx with a listed code (or a read answered), no 5xx, no store key changed',
    });
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { ManualClock } from '../../server/clock';
import { MAX_TICK_ELAPSED_MS } from '../../server/store/admission-step';
import { testConfig } from '../../server/config';
import { STORE_WARNING_EVERY_MS } from '../../server/http/error-handler';
import { RedisServer } from '../support/redis-server';

describe('when Redis goes away and comes back', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await new RedisServer({ appendOnly: true }).start();
  });
  afterAll(() => redis.stop());

  it('fails readiness, refuses joins with 503, admits nobody, then resumes with no ticket lost and no burst for the 60 s it was away', async () => {
    const clock = new ManualClock();
    const app = await buildApp(testConfig({ redisUrl: redis.url, keyPrefix: 'outage' }), { clock });
    try {
      const rate = 2;
      await app.controls.update({ admissionRatePerSec: rate, maxActiveSessions: 10_000 });
      const join = () => app.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} });
      const tickets: string[] = [];
      for (let i = 0; i < 5; i++) tickets.push((await join()).json().ticket as string);
      // A queue far longer than the outage could drain: 60 s at the rate would admit 120 of them.
      for (let i = 0; i < 195; i++) await app.store.queue.join(null, clock.now(), 3600);
      await app.waitingRoom.tickOnce();

      await redis.kill();
      expect((await app.inject('/readyz')).statusCode).toBe(503);
      const refused = await join();
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ error: 'store_unavailable' });
      expect(refused.headers['retry-after']).toBeDefined();
      clock.advance(30_000);
      await expect(app.waitingRoom.tickOnce()).rejects.toThrow();
      expect(app.waitingRoom.head).toBe(0);
      // waiting citizens still get their place from the node's cache
      const waiting = await app.inject({ method: 'GET', url: '/api/v1/queue/status', headers: { authorization: `Bearer ${tickets[4]}` } });
      expect(waiting.json()).toMatchObject({ state: 'waiting', position: 5 });
      // and the public queue state needs no store at all
      const state = await app.inject('/api/v1/queue/state');
      expect(state.statusCode).toBe(200);
      expect(state.json()).toMatchObject({ head: 0, tail: 200, gate: 'open' });

      await redis.start();
      await expect.poll(async () => (await app.inject('/readyz')).statusCode, { timeout: 10_000, interval: 100 }).toBe(200);
      const next = await join();
      expect(next.statusCode).toBe(200);
      expect(next.json().number).toBe(201);
      clock.advance(30_000);
      const tick = await app.waitingRoom.tickOnce();
      // 60 s since the last tick that reached Redis: one tick accounts for at most MAX_TICK_ELAPSED_MS
      // (5 s at 2 a second = 10 tickets), never the 120 the whole gap would make.
      expect((MAX_TICK_ELAPSED_MS * rate) / 1000).toBe(10);
      expect(tick!.admitted).toBe(10);
      expect(tick!.head).toBe(10);
      const first = await app.inject({ method: 'GET', url: '/api/v1/queue/status', headers: { authorization: `Bearer ${tickets[0]}` } });
      expect(first.json().state).toBe('admitted');
    } finally {
      await app.close();
    }
  });

  it("writes 'store unavailable' once per interval however many requests it refuses, with how many since the last line", async () => {
    const clock = new ManualClock();
    const lines: { msg?: string; refusedSinceLastLine?: number; err?: unknown }[] = [];
    const logDestination = { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) };
    const app = await buildApp(testConfig({ redisUrl: redis.url, keyPrefix: 'outage-log', logLevel: 'warn' }), { clock, logDestination });
    try {
      await redis.kill();
      const join = () => app.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} });
      for (let i = 0; i < 20; i++) expect((await join()).statusCode).toBe(503);
      const warnings = () => lines.filter((l) => l.msg === 'store unavailable');
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatchObject({ refusedSinceLastLine: 0, err: expect.objectContaining({ message: expect.any(String) }) });
      clock.advance(STORE_WARNING_EVERY_MS - 1);
      expect((await join()).statusCode).toBe(503);
      expect(warnings()).toHaveLength(1);
      clock.advance(1);
      expect((await join()).statusCode).toBe(503);
      expect(warnings().map((l) => l.refusedSinceLastLine)).toEqual([0, 20]);
    } finally {
      await redis.start();
      await app.close();
    }
  });

  it('writes a background task that fails every second (provider health sync) once, no stack, then once more when it recovers', async () => {
    const lines: { msg?: string; err?: unknown; store?: string; failures?: number }[] = [];
    const logDestination = { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) };
    const syncMs = 100;
    const app = await buildApp(testConfig({ redisUrl: redis.url, keyPrefix: 'outage-tasks', logLevel: 'info', healthSyncMs: syncMs }), { logDestination });
    let down = false;
    try {
      const sync = () => lines.filter((l) => l.msg?.startsWith('provider health sync'));
      await redis.kill();
      down = true;
      await expect.poll(() => sync().length, { timeout: 5000, interval: 20 }).toBe(1);
      // Ten more sync intervals, every one failing: still the one line.
      await new Promise((resolve) => setTimeout(resolve, 10 * syncMs));
      expect(sync().map((l) => l.msg)).toEqual(['provider health sync failed']);
      expect(sync()[0]).toMatchObject({ store: 'unreachable' });
      expect(sync()[0]).not.toHaveProperty('err');

      await redis.start();
      down = false;
      await expect.poll(() => sync().length, { timeout: 10_000, interval: 50 }).toBe(2);
      expect(sync()[1]!.msg).toBe('provider health sync recovered');
      expect(sync()[1]!.failures).toBeGreaterThanOrEqual(5);
    } finally {
      if (down) await redis.start();
      await app.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { ManualClock } from '../../server/clock';
import { testConfig } from '../../server/config';
import { RedisServer } from '../support/redis-server';

describe('when Redis goes away and comes back', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await new RedisServer({ appendOnly: true }).start();
  });
  afterAll(() => redis.stop());

  it('fails readiness, refuses joins with 503, admits nobody, then resumes with no ticket lost', async () => {
    const clock = new ManualClock();
    const app = await buildApp(testConfig({ redisUrl: redis.url, keyPrefix: 'outage' }), { clock });
    try {
      await app.controls.update({ admissionRatePerSec: 1 });
      const join = () => app.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} });
      const tickets: string[] = [];
      for (let i = 0; i < 5; i++) tickets.push((await join()).json().ticket as string);
      await app.waitingRoom.tickOnce();

      await redis.kill();
      expect((await app.inject('/readyz')).statusCode).toBe(503);
      const refused = await join();
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ error: 'store_unavailable' });
      expect(refused.headers['retry-after']).toBeDefined();
      clock.advance(3000);
      await expect(app.waitingRoom.tickOnce()).rejects.toThrow();
      expect(app.waitingRoom.head).toBe(0);
      // waiting citizens still get their place from the node's cache
      const waiting = await app.inject({ method: 'GET', url: '/api/v1/queue/status', headers: { authorization: `Bearer ${tickets[4]}` } });
      expect(waiting.json()).toMatchObject({ state: 'waiting', position: 5 });
      // and the public queue state needs no store at all
      const state = await app.inject('/api/v1/queue/state');
      expect(state.statusCode).toBe(200);
      expect(state.json()).toMatchObject({ head: 0, tail: 5, gate: 'open' });

      await redis.start();
      await expect.poll(async () => (await app.inject('/readyz')).statusCode, { timeout: 10_000, interval: 100 }).toBe(200);
      const next = await join();
      expect(next.statusCode).toBe(200);
      expect(next.json().number).toBe(6);
      clock.advance(1000);
      const tick = await app.waitingRoom.tickOnce();
      // the outage is not followed by a burst of admissions for the lost time beyond the cap
      expect(tick!.head).toBeLessThanOrEqual(5);
      expect(tick!.head).toBeGreaterThan(0);
      const first = await app.inject({ method: 'GET', url: '/api/v1/queue/status', headers: { authorization: `Bearer ${tickets[0]}` } });
      expect(first.json().state).toBe('admitted');
    } finally {
      await app.close();
    }
  });
});

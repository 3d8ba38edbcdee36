import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { RedisServer } from '../support/redis-server';
import { TcpProxy } from '../support/tcp-proxy';
import { recordFault } from '../support/fault-record';

describe('when the path to Redis goes silent and heals', () => {
  let redis: RedisServer;
  let proxy: TcpProxy;
  beforeAll(async () => {
    redis = await new RedisServer().start();
    proxy = await new TcpProxy(redis.port).start();
  });
  afterAll(async () => {
    await proxy.close();
    await redis.stop();
  });

  it('recycles the stalled connection: ready again within seconds of healing, without a restart', async () => {
    const config = testConfig({
      redisUrl: proxy.url,
      keyPrefix: `t${randomBytes(4).toString('hex')}`,
      console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 },
    });
    const app = await buildApp(config);
    try {
      const ready = async () => (await app.inject('/readyz')).statusCode;
      expect(await ready()).toBe(200);
      const heard: string[] = [];
      await app.store.bus.subscribe('probe', (message) => heard.push(message));

      proxy.blackhole();
      const silenced = performance.now();
      // Commands sent into the silence time out; their replies will never come. The node says so within seconds.
      await expect.poll(ready, { timeout: 10_000, interval: 200 }).toBe(503);
      const noticedMs = performance.now() - silenced;
      expect(noticedMs).toBeLessThan(4000);
      // Traffic goes on into the silence: hundreds of commands that Redis never gets and never answers.
      const lost = await Promise.allSettled(Array.from({ length: 300 }, () => app.store.queue.counters()));
      expect(lost.filter((r) => r.status === 'rejected')).toHaveLength(300);
      // The node notices the silence and makes its connections anew (into the silence, at first).
      const before = proxy.accepted;
      await expect.poll(() => proxy.accepted - before, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(3);
      expect(await ready()).toBe(503);

      const healed = performance.now();
      proxy.heal();

      await expect.poll(ready, { timeout: 8000, interval: 100 }).toBe(200);
      const recoveredMs = performance.now() - healed;
      expect(recoveredMs).toBeLessThan(6000);
      // Every reply answers its own command (a connection that lost commands would hand out others' replies).
      const joined = await app.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} });
      expect(joined.statusCode).toBe(200);
      expect(await app.store.controls.get()).toMatchObject({ controls: { gate: 'open' }, version: 0 });
      // The pub/sub connection, made anew too, is subscribed again.
      const direct = new Redis(redis.url);
      try {
        await expect
          .poll(
            async () => {
              await direct.publish(`${config.keyPrefix}:probe`, 'after the silence');
              return heard;
            },
            { timeout: 8000, interval: 200 },
          )
          .toContain('after the silence');
      } finally {
        direct.disconnect();
      }
      recordFault({
        fault: 'Redis path blackholed (TCP proxy), then healed',
        load: '300 commands sent into the silence',
        outcome: `not ready after ${Math.round(noticedMs)} ms, connections recycled, ready ${Math.round(recoveredMs)} ms after healing, no restart`,
      });
    } finally {
      await app.close();
    }
  }, 40_000);
});

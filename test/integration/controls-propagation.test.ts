import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';

describe('admission controls across nodes', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await new RedisServer().start();
  });
  afterAll(() => redis.stop());

  it('a change on one node reaches the others within a second', async () => {
    const nodes = await startNodes(3, { redisUrl: redis.url });
    try {
      const changed = await nodes[0]!.controls.update({ admissionRatePerSec: 42, gate: 'paused' });
      expect(changed).toMatchObject({ ok: true, value: { before: { admissionRatePerSec: 100, gate: 'open' }, after: { admissionRatePerSec: 42 } } });
      const started = Date.now();
      await expect
        .poll(() => nodes.map((n) => `${n.controls.current.gate}/${n.controls.current.admissionRatePerSec}`), { timeout: 1000, interval: 20 })
        .toEqual(['paused/42', 'paused/42', 'paused/42']);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await stopNodes(nodes);
    }
  });

  it('refuses out-of-bounds or malformed changes and changes nothing', async () => {
    const nodes = await startNodes(1, { redisUrl: redis.url });
    try {
      const app = nodes[0]!;
      const before = structuredClone(app.controls.current);
      for (const patch of [
        { admissionRatePerSec: -1 },
        { maxActiveSessions: 1.5 },
        { gate: 'sideways' },
        { sessionTtlSec: 5 },
        { providers: { kakao: { maxInflight: -3 } } },
        { providers: { nosuch: { enabled: false } } },
        { autoThrottle: { minRatePerSec: 500, maxRatePerSec: 100 } },
        { unknown: 1 },
        'open',
        null,
      ]) {
        const result = await app.controls.update(patch);
        expect(result.ok, JSON.stringify(patch)).toBe(false);
      }
      expect((await app.store.controls.get()).controls).toEqual(before);
    } finally {
      await stopNodes(nodes);
    }
  });
});

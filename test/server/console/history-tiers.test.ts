import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, HistoryRangeReply } from '../../../protocol';
import { buildApp } from '../../../server/app';
import { ManualClock } from '../../../server/clock';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { redisFactory } from '../../support/stores';
import { connectConsole, emitAck, operatorToken, type ConsoleClient } from './console-client';

/** Midnight UTC: buckets start on round times. */
const T0 = Date.UTC(2026, 10, 29, 0, 0, 0);
const HOUR = 3600_000;

async function runSeconds(app: FastifyInstance, clock: ManualClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1000);
    await app.consoleGateway.cycle.runOnce();
  }
}

describe('the night kept at three resolutions (memory store, two simulated hours)', () => {
  let app: FastifyInstance;
  let client: ConsoleClient;
  const clock = new ManualClock(T0 - 1000);

  beforeAll(async () => {
    // 10 s points kept for one hour only, so two hours must trim them.
    app = await buildApp(testConfig({ console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0, trend10sHours: 1, trend60sHours: 24 } }), { clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await runSeconds(app, clock, 7200);
    client = await connectConsole(app, await operatorToken(app, 'night-watch', 'viewer'));
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await app?.close();
  });

  it('stays within its bounds: 900 s in the ring, an hour of 10 s points, every minute at 60 s', async () => {
    const { cycle } = app.consoleGateway;
    const last = T0 + 7199_000;
    expect(cycle.ring.all()).toHaveLength(900);
    expect(cycle.ring.last?.at).toBe(last);
    const tens = await app.store.console.trendPoints(10, 0, Infinity);
    // The bucket of the last second is still filling; the newest closed one starts at last - 19 s.
    // An hour (360 buckets) back from it, and the one at the horizon.
    expect(tens.at(-1)?.at).toBe(last - 19_000);
    expect(tens[0]?.at).toBe(last - 19_000 - HOUR);
    expect(tens).toHaveLength(361);
    const sixties = await app.store.console.trendPoints(60, 0, Infinity);
    // 7200 s: minutes 0..118 are closed; minute 119 is still filling.
    expect(sixties).toHaveLength(119);
    expect(sixties[0]?.at).toBe(T0);
    expect(sixties.at(-1)?.at).toBe(T0 + 118 * 60_000);
    const bytes = JSON.stringify(tens).length + JSON.stringify(sixties).length;
    // Each point is well under 1 KB: the tiers stay a few hundred KB whatever the night's length.
    expect(bytes / (tens.length + sixties.length)).toBeLessThan(1024);
  });

  it('answers a range from the 1 s ring when it holds it, with exact first and last seconds', async () => {
    const to = T0 + 7199_000;
    const from = to - 5 * 60_000;
    const ack = (await emitAck(client, 'history:range', { from, to })) as Ack & { value: HistoryRangeReply };
    expect(ack.ok).toBe(true);
    expect(ack.value.bucketSec).toBe(1);
    expect(ack.value.points).toHaveLength(301);
    expect(ack.value.points[0]?.at).toBe(from);
    expect(ack.value.points.at(-1)?.at).toBe(to);
  });

  it('answers older ranges from the finest tier that keeps them in at most 1,000 points', async () => {
    // The last hour but older than the ring: 10 s buckets, first and last on the bucket edges.
    const from = T0 + 1.5 * HOUR + 3000;
    const to = T0 + 1.75 * HOUR;
    const ten = (await emitAck(client, 'history:range', { from, to })) as Ack & { value: HistoryRangeReply };
    expect(ten.value.bucketSec).toBe(10);
    expect(ten.value.points[0]?.at).toBe(T0 + 1.5 * HOUR + 10_000);
    expect(ten.value.points.at(-1)?.at).toBe(to);
    expect(ten.value.points).toHaveLength(90);
    // The first hour: beyond the 10 s tier's hour, so 60 s buckets.
    const sixty = (await emitAck(client, 'history:range', { from: T0, to: T0 + HOUR - 1 })) as Ack & { value: HistoryRangeReply };
    expect(sixty.value.bucketSec).toBe(60);
    expect(sixty.value.points).toHaveLength(60);
    expect(sixty.value.points[0]?.at).toBe(T0);
    expect(sixty.value.points.at(-1)?.at).toBe(T0 + 59 * 60_000);
  });

  it('refuses a backwards or overlong range with bad_request', async () => {
    expect(await emitAck(client, 'history:range', { from: T0 + 10, to: T0 })).toMatchObject({ ok: false, error: 'bad_request' });
    expect(await emitAck(client, 'history:range', { from: T0, to: T0 + 37 * HOUR })).toMatchObject({ ok: false, error: 'bad_request' });
    expect(await emitAck(client, 'history:range', { from: 'yesterday', to: T0 })).toMatchObject({ ok: false, error: 'bad_request' });
  });
});

describe('the coarse tiers in Redis', () => {
  const redis = redisFactory();
  let app: FastifyInstance;
  const clock = new ManualClock(T0 - 1000);

  beforeAll(async () => {
    await redis.setup();
    const store = await redis.open();
    app = await buildApp(testConfig({ console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } }), { clock, store });
    await runSeconds(app, clock, 1200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await redis.teardown();
  });

  it('writes each bucket once, even when two nodes ask, and measures the bytes per hour', async () => {
    const tens = await app.store.console.trendPoints(10, 0, Infinity);
    expect(tens).toHaveLength(119);
    expect(tens.map((p) => p.at)).toEqual(Array.from({ length: 119 }, (_, i) => T0 + i * 10_000));
    // A second node folding the same bucket does not overwrite it.
    expect(await app.store.console.putTrendPoint(10, { ...tens[0]!, joined: 123456 }, 6 * HOUR)).toBe(false);
    expect((await app.store.console.trendPoints(10, T0, T0))[0]?.joined).toBe(tens[0]?.joined);

    const probe = new Redis(redis.server().url);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await probe.scan(cursor, 'MATCH', '*console:trend:*', 'COUNT', 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
      const usage = async (suffix: string) =>
        Number(
          await probe.memory(
            'USAGE',
            keys.find((k) => k.endsWith(suffix))!,
            'SAMPLES',
            0,
          ),
        );
      const per10 = (await usage(':trend:10')) / tens.length;
      const sixties = await app.store.console.trendPoints(60, 0, Infinity);
      expect(sixties).toHaveLength(19);
      const per60 = (await usage(':trend:60')) / sixties.length;
      const perHour = Math.round(per10 * 360 + per60 * 60);
      console.info(`history tiers: ${Math.round(per10)} B per 10 s point, ${Math.round(per60)} B per 60 s point, ${perHour} B per hour`);
      expect(perHour).toBeGreaterThan(0);
      expect(perHour).toBeLessThan(512 * 1024);
      // Trimmed by age: a point two hours on, kept for one hour, leaves only itself.
      expect(await app.store.console.putTrendPoint(10, { ...tens[0]!, at: T0 + 2 * HOUR }, HOUR)).toBe(true);
      expect((await app.store.console.trendPoints(10, 0, Infinity)).map((p) => p.at)).toEqual([T0 + 2 * HOUR]);
      expect(await probe.zcard(keys.find((k) => k.endsWith(':trend:10'))!)).toBe(1);
    } finally {
      probe.disconnect();
    }
  });
});

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import type { Clock } from '../../server/clock';
import { testConfig } from '../../server/config';
import type { RedisStore } from '../../server/store/redis';
import { stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';

/** A node's own wall clock, off by `offsetMs`: what NTP trouble looks like. */
const skewed = (offsetMs: number): Clock => ({ now: () => Date.now() + offsetMs });

// 0.25 tickets a millisecond: every credit is a multiple of 1/4, exact in floating point.
const RATE = 250;
const TICK_MS = 50;

describe('nodes whose clocks disagree by seconds', () => {
  let redis: RedisServer;
  let nodes: FastifyInstance[];
  const offsets = { behind: -4000, true: 0, ahead: 3000 } as const;

  beforeAll(async () => {
    redis = await new RedisServer().start();
    const shared = { redisUrl: redis.url, keyPrefix: `skew${randomBytes(3).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
    nodes = [];
    for (const [name, offset] of Object.entries(offsets)) {
      nodes.push(await buildApp(testConfig({ ...shared, nodeId: name }), { clock: skewed(offset) }));
    }
  });
  afterAll(async () => {
    await stopNodes(nodes);
    await redis.stop();
  });

  it('admit at the set rate on Redis time, with no burst from the node ahead and no stall behind it', async () => {
    const [behind, truth, ahead] = nodes as [FastifyInstance, FastifyInstance, FastifyInstance];
    const store = truth.store as RedisStore;
    const key = store.key;
    expect((await truth.controls.update({ admissionRatePerSec: RATE, maxActiveSessions: 1_000_000 })).ok).toBe(true);
    for (let i = 0; i < 5000; i += 500) await Promise.all(Array.from({ length: 500 }, () => store.queue.join(null, 0, 3600)));

    const state = async () => {
      const [[, head], [, tickAt], [, credit], [, time]] = (await store.redis
        .multi()
        .get(key('q:head'))
        .get(key('q:tickAt'))
        .get(key('q:credit'))
        .time()
        .exec()) as [[unknown, string | null], [unknown, string | null], [unknown, string | null], [unknown, [string, string]]];
      const [sec, micro] = time;
      return {
        head: Number(head ?? 0),
        tickAt: Number(tickAt ?? 0),
        credit: Number(credit ?? 0),
        redisNow: Number(sec) * 1000 + Math.floor(Number(micro) / 1000),
      };
    };

    let largestTick = 0;
    let ticks = 0;
    /** Each listed node ticks every TICK_MS on its own, for `ms` of real time. */
    const phase = async (tickers: FastifyInstance[], ms: number) => {
      const started = await state();
      const until = performance.now() + ms;
      await Promise.all(
        tickers.map(async (node) => {
          while (performance.now() < until) {
            const result = await node.waitingRoom.tickOnce();
            if (result) {
              ticks++;
              largestTick = Math.max(largestTick, result.admitted);
            }
            await new Promise((r) => setTimeout(r, TICK_MS));
          }
        }),
      );
      const ended = await state();
      // The last tick's time was Redis's, not a node's: never in the future, never seconds behind.
      expect(ended.tickAt).toBeLessThanOrEqual(ended.redisNow);
      expect(ended.redisNow - ended.tickAt).toBeLessThan(1000);
      // rate x (Redis time between the first and last tick of the phase), to the ticket, plus the credit carried in.
      expect(ended.head - started.head).toBe(Math.floor(started.credit + (RATE * (ended.tickAt - started.tickAt)) / 1000));
      expect(ended.tickAt - started.tickAt).toBeGreaterThan(ms / 2);
      return ended.head - started.head;
    };

    await truth.waitingRoom.tickOnce();
    const first = await phase([truth, behind], 1000);
    // The node 3 s ahead joins in: on its own clock its first tick would see 3 s gone by and admit 750 at once.
    const second = await phase([truth, behind, ahead], 1000);
    // The node 4 s behind alone: on its own clock it would wait 7 s for the ahead node's last tick, admitting nobody.
    const third = await phase([behind], 1000);

    for (const admitted of [first, second, third]) expect(admitted).toBeGreaterThan(RATE / 2);
    // No tick ever admitted more than a second's worth (a tick every 50 ms at 250 a second is about 13, more when
    // the machine is busy); the node 3 s ahead would have admitted 750 at once on its own clock.
    expect(largestTick).toBeLessThanOrEqual(RATE);
    expect(ticks).toBeGreaterThan(50);
  });
});

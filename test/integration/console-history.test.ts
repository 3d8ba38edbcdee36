import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { connectConsole, operatorToken } from '../server/console/console-client';

describe('history for a console that opens late', () => {
  const clock = new ManualClock();
  let redis: RedisServer;
  let nodes: FastifyInstance[];

  beforeAll(async () => {
    redis = await new RedisServer().start();
    nodes = await startNodes(2, { redisUrl: redis.url, console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } }, { clock });
  });
  afterAll(async () => {
    await stopNodes(nodes);
    await redis.stop();
  });

  it('sends the last 15 minutes at 1 s on connect, from any node, including one started afterwards', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    await a.controls.update({ admissionRatePerSec: 5 });
    for (let s = 0; s < 930; s++) {
      if (s % 10 === 0) await a.waitingRoom.join(undefined);
      clock.advance(1000);
      // the nodes take turns building the second, as on a real cluster
      await (s % 2 === 0 ? a : b).consoleGateway.cycle.runOnce();
    }
    const now = Math.floor(clock.now() / 1000) * 1000;
    await expect.poll(() => b.consoleGateway.cycle.ring.last?.at).toBe(now);

    const late = (
      await startNodes(
        1,
        { redisUrl: redis.url, keyPrefix: a.config.keyPrefix, secret: a.config.secret, console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } },
        { clock },
      )
    )[0]!;
    nodes.push(late);

    for (const app of [b, late]) {
      const token = await operatorToken(app, 'late-viewer', 'viewer');
      const socket = await connectConsole(app, token);
      const { snapshots } = await socket.history;
      socket.close();
      expect(snapshots).toHaveLength(900);
      expect(snapshots[0]!.at).toBe(now - 899_000);
      expect(snapshots.at(-1)!.at).toBe(now);
      for (let i = 1; i < snapshots.length; i++) expect(snapshots[i]!.at - snapshots[i - 1]!.at).toBe(1000);
      expect(snapshots.at(-1)!.queue.tail).toBe(93);
      expect(snapshots.at(-1)!.nodes.map((n) => n.id)).toEqual(['node-0', 'node-1']);
    }

    const raw = JSON.stringify({ snapshots: b.consoleGateway.cycle.ring.all() });
    const one = JSON.stringify(b.consoleGateway.cycle.ring.last);
    console.info(`[figures] snapshot ${Buffer.byteLength(one)} B; history (900 s) ${Buffer.byteLength(raw)} B raw, ${gzipSync(raw).length} B gzip`);
    expect(Buffer.byteLength(raw)).toBeLessThan(3_000_000);
  });
});

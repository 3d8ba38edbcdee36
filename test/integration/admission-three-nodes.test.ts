import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { startNodes, stopNodes } from '../support/cluster';
import { RedisCluster } from '../support/redis-cluster';
import { RedisServer } from '../support/redis-server';
import { connectConsole, nextEvent, operatorToken } from '../server/console/console-client';

/** One Redis server, or a three-master Redis Cluster (`redis+cluster://`): the same admission either way. */
const BACKENDS = [
  { name: 'one Redis', start: async () => new RedisServer().start() },
  { name: 'a three-master Redis Cluster', start: async () => new RedisCluster().start() },
];

describe.each(BACKENDS)('admission across three nodes sharing $name', ({ start }) => {
  let redis: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    redis = await start();
  });
  afterAll(() => redis.stop());

  async function cluster(): Promise<{ nodes: FastifyInstance[]; clock: ManualClock }> {
    const clock = new ManualClock();
    const nodes = await startNodes(3, { redisUrl: redis.url, claimWindowSec: 5 }, { clock });
    return { nodes, clock };
  }

  it('relays console events between nodes through the Socket.IO adapter', async () => {
    const { nodes } = await cluster();
    const watcher = await connectConsole(nodes[2]!, await operatorToken(nodes[2]!, 'relay-watch', 'viewer'));
    try {
      const heard = nextEvent(watcher, 'alert', (a) => a.id === 'relayed');
      const alert = {
        id: 'relayed',
        rule: 'test',
        subject: null,
        severity: 'info' as const,
        message: 'across nodes',
        params: {},
        raisedAt: 1,
        resolvedAt: null,
        ackedBy: null,
        ackedAt: null,
        drill: false,
      };
      // Emitted on node 0's namespace (not local): only the adapter carries it to node 2's socket.
      await expect
        .poll(
          async () => {
            nodes[0]!.consoleGateway.nsp.emit('alert', alert);
            return Promise.race([heard.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 200))]);
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe(true);
      expect((await heard).message).toBe('across nodes');
    } finally {
      watcher.close();
      await stopNodes(nodes);
    }
  });

  async function fill(node: FastifyInstance, count: number): Promise<void> {
    for (let i = 0; i < count; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, count - i) }, () => node.store.queue.join(null, 0, 3600)));
    }
  }

  it('admits exactly rate x time, to the ticket, however the nodes interleave their ticks', async () => {
    const { nodes, clock } = await cluster();
    try {
      const rate = 137;
      await nodes[0]!.controls.update({ admissionRatePerSec: rate, maxActiveSessions: 1_000_000 });
      await fill(nodes[0]!, 20_000);
      await nodes[1]!.waitingRoom.tickOnce();
      const start = clock.now();
      const startHead = nodes[1]!.waitingRoom.head;
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      // 120 simulated seconds; every node ticks on its own jittered schedule, sometimes at the same instant.
      while (clock.now() - start < 120_000) {
        clock.advance(20 + Math.floor(random() * 180));
        const tickers = nodes.filter(() => random() < 0.6);
        await Promise.all(tickers.map((n) => n.waitingRoom.tickOnce()));
      }
      const final = await nodes[2]!.waitingRoom.tickOnce();
      const admitted = final!.head - startHead;
      // Fractional credit carries over between ticks, whichever node ran them: nothing is lost or doubled.
      expect(admitted).toBe(Math.floor((rate * (clock.now() - start)) / 1000));
    } finally {
      await stopNodes(nodes);
    }
  });

  it('never holds more than maxActiveSessions admitted or active at once', async () => {
    const { nodes, clock } = await cluster();
    try {
      await nodes[0]!.controls.update({ admissionRatePerSec: 500, maxActiveSessions: 300 });
      await fill(nodes[0]!, 5_000);
      let peak = 0;
      const claimedOn = new Set<string>();
      for (let step = 0; step < 200; step++) {
        clock.advance(100);
        const results = await Promise.all(nodes.map((n) => n.waitingRoom.tickOnce()));
        for (const r of results) if (r) peak = Math.max(peak, r.pending + r.active);
        // a third of the admitted claim their session, through each node in turn; the rest never come back
        const head = results.find(Boolean)!.head;
        if (step % 3 === 0) {
          const claimer = nodes[(step / 3) % 3]!;
          // the newest admission may have outlived its claim window while the room stayed full
          if ((await claimer.waitingRoom.claim(head)).state === 'active') claimedOn.add(claimer.config.nodeId);
        }
      }
      expect(claimedOn).toEqual(new Set(['node-0', 'node-1', 'node-2']));
      expect(peak).toBe(300);
      const counters = await nodes[0]!.store.queue.counters();
      expect(counters.pending + counters.active).toBeLessThanOrEqual(300);
      // unclaimed admissions released their room after the claim window, so admission went on
      expect(counters.head).toBeGreaterThan(300);
      expect(counters.unclaimed).toBeGreaterThan(0);
    } finally {
      await stopNodes(nodes);
    }
  });
});

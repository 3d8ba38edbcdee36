import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginReply } from '../../protocol';
import { connectConsole, type ConsoleConnection } from '../../renderer/connection/consoleConnection';
import { LiveStore } from '../../renderer/connection/liveStore';
import type { Session } from '../../renderer/connection/session';
import { recordFault } from '../support/fault-record';
import { runProgram, waitForOk, type RunningProgram } from '../support/processes';
import { freePort, RedisServer } from '../support/redis-server';

/**
 * A load balancer in front of the nodes, as nginx would be: each new connection goes to the first
 * node, in order, that accepts it. A dead node's connections are refused and go to the next.
 */
class FrontDoor {
  private server: Server | undefined;
  private readonly open = new Set<Socket>();
  port = 0;
  constructor(private readonly ports: number[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.forward(client, 0));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  private forward(client: Socket, index: number): void {
    if (index >= this.ports.length) return void client.destroy();
    client.pause();
    const upstream = connect(this.ports[index]!, '127.0.0.1');
    let connected = false;
    upstream.once('error', () => {
      if (!connected) this.forward(client, index + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      this.open.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.resume();
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.open.delete(client);
        this.open.delete(upstream);
      };
      client.once('close', end).once('error', end);
      upstream.once('close', end).once('error', end);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('one of three server nodes killed mid-load', () => {
  let redis: RedisServer;
  let front: FrontDoor;
  const nodes: RunningProgram[] = [];
  const ports: number[] = [];
  const password = randomBytes(12).toString('base64url');

  beforeAll(async () => {
    redis = await new RedisServer().start();
    const env = {
      REDIS_URL: redis.url,
      SLUICE_MODE: 'training',
      SLUICE_SECRET: randomBytes(32).toString('base64url'),
      SLUICE_DEMO_PASSWORD: password,
      SLUICE_ALERT_NODE_SILENT_SEC: '2',
    };
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    for (const [i, port] of ports.entries()) nodes.push(runProgram('server/main.ts', { ...env, PORT: String(port), SLUICE_NODE_ID: `node-${i}` }));
    await Promise.all(ports.map((port, i) => waitForOk(`http://127.0.0.1:${port}/readyz`, nodes[i]!)));
    front = await new FrontDoor(ports).start();
  }, 90_000);
  afterAll(async () => {
    for (const node of nodes) node.kill();
    await front?.close();
    await redis?.stop();
  });

  it('consoles move to another node with no hole in their charts; citizens keep their places; snapshots and alerts go on', async () => {
    const login = await fetch(`${front.url}/api/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password }),
    });
    expect(login.status).toBe(200);
    const reply = (await login.json()) as LoginReply;
    const live = new LiveStore();
    const session = { serverUrl: front.url, username: 'viewer', token: reply.token, role: reply.role } as Session;
    const connection: ConsoleConnection = connectConsole(live, session, { onRefused: (m) => expect.fail(`refused: ${m}`) });
    try {
      await expect.poll(() => live.getState().link, { timeout: 10_000 }).toBe('connected');
      await expect.poll(() => live.getState().snapshot?.nodes.length, { timeout: 10_000 }).toBe(3);

      // Citizens join through the front door (the first node serves them) and keep polling.
      const citizens = await Promise.all(
        Array.from({ length: 30 }, async () => {
          const res = await fetch(`${front.url}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
          expect(res.status).toBe(200);
          return (await res.json()) as { ticket: string; number: number };
        }),
      );
      const status = async (ticket: string) =>
        (await (await fetch(`${front.url}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } })).json()) as {
          state: string;
          number?: number;
          position?: number;
        };
      const before = await Promise.all(citizens.map((c) => status(c.ticket)));
      const headBefore = live.getState().snapshot!.queue;
      // The console holds a few seconds of history before the kill, so "no hole across it" means something.
      await expect.poll(() => Date.now() - (live.samples.toArray()[0]?.at ?? Date.now()), { timeout: 10_000, interval: 100 }).toBeGreaterThan(3500);

      const killedAt = Date.now();
      nodes[0]!.kill();
      await nodes[0]!.exited;

      // The console lost its node and came back through the front door to another.
      await expect.poll(() => live.getState().link, { timeout: 5000, interval: 50 }).not.toBe('connected');
      await expect.poll(() => `${live.getState().link} ${live.getState().linkError ?? ''}`.trim(), { timeout: 15_000, interval: 100 }).toBe('connected');
      // The silent node is alerted, and the snapshots go on from the two left.
      await expect
        .poll(() => live.getState().alerts.find((a) => a.rule === 'node_silent' && a.subject === 'node-0'), { timeout: 15_000, interval: 200 })
        .toBeTruthy();
      await expect.poll(() => (live.getState().snapshot?.at ?? 0) - killedAt, { timeout: 10_000, interval: 200 }).toBeGreaterThan(3000);

      // No hole: a sample for every second from before the kill to now (history on reconnect fills the gap).
      const seconds = live.samples.toArray().map((s) => s.at);
      const around = seconds.filter((at) => at >= killedAt - 3000);
      expect(around[0]).toBeLessThanOrEqual(killedAt - 2000);
      expect(around.at(-1)).toBeGreaterThanOrEqual(killedAt + 3000);
      const gaps = around
        .slice(1)
        .map((at, i) => at - around[i]!)
        .filter((d) => d !== 1000);
      expect(gaps).toEqual([]);

      // Every citizen still holds the same number; a waiting one's position moved only by admissions.
      const after = await Promise.all(citizens.map((c) => status(c.ticket)));
      for (const [i, c] of citizens.entries()) {
        expect(['waiting', 'admitted']).toContain(after[i]!.state);
        if (after[i]!.state === 'waiting') {
          expect(after[i]!.number).toBe(c.number);
          expect(after[i]!.position).toBeLessThanOrEqual(before[i]!.position ?? 0);
        }
      }
      expect(live.getState().snapshot!.queue.tail).toBeGreaterThanOrEqual(headBefore.tail);
      recordFault({
        fault: 'One of three server nodes killed (SIGKILL) mid-load',
        load: `a console on that node, ${citizens.length} waiting citizens`,
        outcome: `console back through another node, ${around.length} seconds of chart with no hole, node_silent alert, every ticket kept`,
      });
    } finally {
      connection.close();
    }
  }, 90_000);
});

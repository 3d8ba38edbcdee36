import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, JoinReply, QueueStateReply, Snapshot, StatusReply } from '../../protocol';
import type { ConsoleSocket } from '../../renderer/connection/consoleConnection';
import { CONSOLE_DIST } from '../../server/http/console-static';
import { estimateFromState } from '../../protocol/queue-estimate';
import { LoopbackClient } from '../support/loopback-client';
import { NginxProxy, nginxBinary } from '../support/nginx';
import { runProgram, waitForOk, type RunningProgram } from '../support/processes';
import { freePort, RedisServer } from '../support/redis-server';

const NGINX = nginxBinary();
const CITIZENS = 1000;
/** Citizens come from this many loopback addresses (127.0.1.1 …), ten each: nginx sees a crowd, not one client. */
const ADDRESSES = 100;
const JOINS_PER_SEC_PER_IP = 20;
const ADMISSION_RATE = 40;
/** The client estimator's delays, divided by this: more polls per citizen than a real crowd makes, same cache. */
const ACCELERATION = 3;
/** Seconds of admissions a sampled citizen must still have ahead (by the cached state) to ask the origin early. */
const EARLY_MARGIN_SEC = 10;
const DEMO_PASSWORD = 'nginx-cluster-demo-password';
const STATE_ROUTE = '/api/v1/queue/state';

interface Node {
  program: RunningProgram;
  port: number;
  metricsPort: number;
}

/** What one citizen saw. */
interface Citizen {
  number: number;
  /** The head of every state it read, in order. */
  heads: number[];
  /** The state's head when it saw its turn. */
  headAtTurn: number;
  /** Status answers `waiting` before the claim went through (a node a few ms behind the head the cache showed). */
  claimRetries: number;
  /** What an early `GET /queue/status` said, for the sampled citizens. */
  early?: StatusReply;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `sluice_http_request_duration_seconds_count` for one route, summed over statuses and methods. */
async function originRequests(node: Node, route: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('sluice_http_request_duration_seconds_count{') && line.includes(`route="${route}"`))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

describe.skipIf(!NGINX)(
  `nginx with the repository's configuration in front of two nodes on one Redis${NGINX ? '' : ' (SKIPPED: nginx is not installed)'}`,
  () => {
    const redis = new RedisServer();
    const nodes: Node[] = [];
    let proxy: NginxProxy;
    let http: LoopbackClient;
    let commander: ConsoleSocket | undefined;
    const command = (patch: Record<string, unknown>) =>
      (commander!.timeout(5000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack> }).emitWithAck('controls:update', {
        patch,
        reason: 'nginx cluster test',
      });

    beforeAll(async () => {
      await redis.start();
      const shared = {
        SLUICE_MODE: 'training',
        REDIS_URL: redis.url,
        SLUICE_KEY_PREFIX: `ngx${randomBytes(3).toString('hex')}`,
        SLUICE_SECRET: randomBytes(48).toString('base64url'),
        SLUICE_DEMO_PASSWORD: DEMO_PASSWORD,
        // nginx connects from 127.0.0.1 and replaces X-Forwarded-For with the citizen's address.
        SLUICE_TRUST_PROXY: '127.0.0.1',
        SLUICE_JOINS_PER_SEC_PER_IP: String(JOINS_PER_SEC_PER_IP),
      };
      for (const name of ['a', 'b']) {
        const [port, metricsPort] = [await freePort(), await freePort()];
        const program = runProgram('server/main.ts', {
          ...shared,
          SLUICE_NODE_ID: `node-${name}`,
          PORT: String(port),
          SLUICE_METRICS_PORT: String(metricsPort),
        });
        nodes.push({ program, port, metricsPort });
      }
      await Promise.all(nodes.map((n) => waitForOk(`http://127.0.0.1:${n.port}/readyz`, n.program, 90_000)));
      proxy = await (
        await NginxProxy.create(
          NGINX as string,
          nodes.map((n) => `127.0.0.1:${n.port}`),
        )
      ).start();
      http = new LoopbackClient(proxy.url);
    }, 120_000);

    afterAll(async () => {
      commander?.close();
      http?.close();
      await proxy?.stop();
      for (const node of nodes) node.program.kill();
      await Promise.all(nodes.map((n) => n.program.exited));
      await redis.stop();
    });

    it('carries the console: login, then Socket.IO from long-polling upgraded to a WebSocket, sticky, with snapshots of both nodes', async () => {
      const login = await fetch(`${proxy.url}/api/v1/console/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'commander', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('x-cache-status')).toBeNull();
      const { token } = (await login.json()) as { token: string };

      // The console's default transports: polling first (every request must reach the same node), then the upgrade.
      const socket: ConsoleSocket = io(`${proxy.url}/console`, { auth: { token }, reconnection: false, forceNew: true, extraHeaders: { origin: proxy.url } });
      commander = socket;
      const upgraded = new Promise<string>((resolve) => socket.io.engine.once('upgrade', (transport) => resolve(transport.name)));
      const snapshot = new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expect(await upgraded).toBe('websocket');
      expect(socket.io.engine.transport.name).toBe('websocket');
      expect((await snapshot).nodes.map((n) => n.id).sort()).toEqual(['node-a', 'node-b']);

      // A command over the upgraded socket: the crowd below joins while the gate is paused, then is admitted at this rate.
      expect(await command({ gate: 'paused', admissionRatePerSec: ADMISSION_RATE })).toEqual({ ok: true });
    });

    it('never shows /metrics, whatever the path looks like', async () => {
      for (const path of ['/metrics', '/metrics?x=1']) {
        const res = await fetch(`${proxy.url}${path}`);
        await res.arrayBuffer();
        expect(res.status, path).toBe(404);
      }
    });

    it('caches the public state whatever query string is added, and the hashed console assets; never an authenticated answer', async () => {
      const first = await fetch(`${proxy.url}${STATE_ROUTE}`);
      await first.arrayBuffer();
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toMatch(/^public, max-age=1/);
      const busted = await fetch(`${proxy.url}${STATE_ROUTE}?bust=${randomBytes(4).toString('hex')}`, {
        headers: { authorization: 'Bearer x', cookie: 'a=b' },
      });
      await busted.arrayBuffer();
      expect(busted.status).toBe(200);
      expect(busted.headers.get('x-cache-status')).toMatch(/^(HIT|STALE|UPDATING)$/);

      // The built console (npm test builds it first; a bare checkout answers 503 console_not_built, never cached).
      const assets = existsSync(join(CONSOLE_DIST, 'assets')) ? readdirSync(join(CONSOLE_DIST, 'assets')).filter((f) => f.endsWith('.js')) : [];
      if (assets.length > 0) {
        const path = `/console/assets/${assets[0]}`;
        const statuses: (string | null)[] = [];
        for (let i = 0; i < 2; i++) {
          const res = await fetch(`${proxy.url}${path}`);
          await res.arrayBuffer();
          expect(res.status).toBe(200);
          expect(res.headers.get('cache-control')).toContain('immutable');
          statuses.push(res.headers.get('x-cache-status'));
        }
        expect(statuses).toEqual(['MISS', 'HIT']);
      }

      const login = await fetch(`${proxy.url}/api/v1/console/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'viewer', password: DEMO_PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      for (let i = 0; i < 2; i++) {
        const audit = await fetch(`${proxy.url}/api/v1/console/audit?limit=1`, { headers: { authorization: `Bearer ${token}` } });
        await audit.arrayBuffer();
        expect(audit.status).toBe(200);
        expect(audit.headers.get('x-cache-status')).toBeNull();
      }
    });

    it('1,000 polling citizens cost the origin about one state request a second, and are admitted in order', async () => {
      expect(commander?.connected, 'the console test sets the admission rate').toBe(true);
      const before = (await Promise.all(nodes.map((n) => originRequests(n, STATE_ROUTE)))).reduce((a, b) => a + b, 0);
      const loggedBefore = proxy.accessLog().length;
      const cacheStatuses = new Map<string, number>();
      let statePolls = 0;
      let firstPoll = 0;
      let lastPoll = 0;

      const from = (i: number) => `127.0.1.${(i % ADDRESSES) + 1}`;
      const readState = async (address: string): Promise<QueueStateReply> => {
        const res = await http.request('GET', STATE_ROUTE, { from: address });
        if (res.status !== 200) throw new Error(`state: ${res.status} ${res.body}\n${proxy.transcript()}`);
        const cache = String(res.headers['x-cache-status']);
        cacheStatuses.set(cache, (cacheStatuses.get(cache) ?? 0) + 1);
        statePolls++;
        lastPoll = Date.now();
        if (!firstPoll) firstPoll = lastPoll;
        return JSON.parse(res.body) as QueueStateReply;
      };

      let joinedCount = 0;
      let everyoneJoined = () => {};
      const allJoined = new Promise<void>((resolve) => (everyoneJoined = resolve));
      const citizen = async (i: number): Promise<Citizen> => {
        const address = from(i);
        // A little spread, as a crowd arrives; joins run alongside the others' polling.
        await sleep(i * 3);
        const joined = await http.request('POST', '/api/v1/queue/join', { from: address, body: {} });
        expect(joined.status, joined.body).toBe(200);
        const { ticket, number } = JSON.parse(joined.body) as JoinReply;
        if (++joinedCount === CITIZENS) everyoneJoined();
        const auth = { authorization: `Bearer ${ticket}` };
        const seen: Citizen = { number, heads: [], headAtTurn: 0, claimRetries: 0 };
        for (;;) {
          const state = await readState(address);
          seen.heads.push(state.head);
          const estimate = estimateFromState(state, number, { now: Date.now() });
          if (estimate.turn) {
            seen.headAtTurn = state.head;
            break;
          }
          // A sample asks the origin directly while far enough back that no cache age could hide its turn.
          if (i % 5 === 0 && !seen.early && estimate.position > ADMISSION_RATE * EARLY_MARGIN_SEC) {
            const early = await http.request('GET', '/api/v1/queue/status', { from: address, headers: auth });
            seen.early = JSON.parse(early.body) as StatusReply;
          }
          await sleep(estimate.nextStateAfterMs / ACCELERATION);
        }
        for (;;) {
          const claim = await http.request('GET', '/api/v1/queue/status', { from: address, headers: auth });
          expect(claim.status, claim.body).toBe(200);
          expect(claim.headers['x-cache-status']).toBeUndefined();
          const reply = JSON.parse(claim.body) as StatusReply;
          expect(reply.state, claim.body).not.toBe('expired');
          if (reply.state === 'admitted') return seen;
          seen.claimRetries++;
          await sleep(50);
        }
      };

      const crowd = Promise.all(Array.from({ length: CITIZENS }, (_, i) => citizen(i)));
      // Everyone holds a ticket before the first is admitted: the early status checks below do not depend on how fast joins run.
      await Promise.race([allJoined, crowd]);
      expect(await command({ gate: 'open' })).toEqual({ ok: true });
      const citizens = await crowd;
      const elapsedSec = (lastPoll - firstPoll) / 1000;
      const after = (await Promise.all(nodes.map((n) => originRequests(n, STATE_ROUTE)))).reduce((a, b) => a + b, 0);
      const origin = after - before;

      // Every ticket issued once, through both nodes: numbers 1 … 1,000, no gap, no repeat.
      expect(citizens.map((c) => c.number).sort((a, b) => a - b)).toEqual(Array.from({ length: CITIZENS }, (_, i) => i + 1));
      // In order: the head a citizen reads only moves forward, its turn comes when the head passes its
      // number, and a citizen asking early is told it is still waiting, behind the others.
      for (const c of citizens) {
        for (let k = 1; k < c.heads.length; k++) expect(c.heads[k]!, `citizen ${c.number}`).toBeGreaterThanOrEqual(c.heads[k - 1]!);
        expect(c.headAtTurn).toBeGreaterThanOrEqual(c.number);
        if (c.early) expect(c.early).toMatchObject({ state: 'waiting', number: c.number, position: expect.any(Number) });
        if (c.early?.state === 'waiting') expect(c.early.position).toBeGreaterThan(0);
      }
      const sampled = citizens.filter((c) => c.early).length;
      expect(sampled).toBeGreaterThanOrEqual(100);
      const hits = (cacheStatuses.get('HIT') ?? 0) + (cacheStatuses.get('STALE') ?? 0) + (cacheStatuses.get('UPDATING') ?? 0);
      const figures = {
        citizens: CITIZENS,
        elapsedSec: Math.round(elapsedSec * 10) / 10,
        statePollsThroughNginx: statePolls,
        pollsPerSec: Math.round(statePolls / elapsedSec),
        originStateRequests: origin,
        originPerSec: Math.round((origin / elapsedSec) * 100) / 100,
        cacheStatuses: Object.fromEntries(cacheStatuses),
        hitRatio: Math.round((hits / statePolls) * 10000) / 10000,
        claimRetries: citizens.reduce((s, c) => s + c.claimRetries, 0),
        earlyStatusChecks: sampled,
      };
      console.log(`[nginx-cluster] ${JSON.stringify(figures)}`);
      // One proxy: about one origin request a second, however many citizens poll.
      expect(origin).toBeGreaterThan(0);
      expect(origin).toBeLessThanOrEqual(Math.ceil(elapsedSec) + 3);
      expect(statePolls).toBeGreaterThan(origin * 10);
      expect(hits / statePolls).toBeGreaterThan(0.9);
      // The proxy's own account agrees: requests it had to send on are the misses and expiries.
      const logged = proxy
        .accessLog()
        .slice(loggedBefore)
        .filter((l) => l.includes(`"GET ${STATE_ROUTE} `));
      expect(logged.length).toBe(statePolls);
      const wentUpstream = logged.filter((l) => /cache=(MISS|EXPIRED|REVALIDATED|BYPASS)/.test(l)).length;
      expect(wentUpstream).toBeLessThanOrEqual(origin);
    }, 180_000);

    it("counts joins per citizen's address, not the proxy's, and a citizen cannot choose its address with X-Forwarded-For", async () => {
      const attempts = 200;
      const statuses: number[] = [];
      const queue = Array.from({ length: attempts }, (_, i) => i);
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            const res = await http.request('POST', '/api/v1/queue/join', { from: '127.0.2.1', headers: { 'x-forwarded-for': `10.0.${i}.1` }, body: {} });
            statuses.push(res.status);
          }
        }),
      );
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      const refused = statuses.filter((s) => s === 429).length;
      // At most JOINS_PER_SEC_PER_IP pass in each second the burst spans.
      expect(refused).toBeGreaterThanOrEqual(attempts / 2);
      // Another address is untouched by that one's limit.
      const other = await http.request('POST', '/api/v1/queue/join', { from: '127.0.3.1', body: {} });
      expect(other.status).toBe(200);
    });
  },
);

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { testConfig, type Config } from '../../server/config';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import type { RedisStore } from '../../server/store/redis';
import { RedisServer } from '../support/redis-server';

/** A join over real HTTP from this machine (socket address 127.0.0.1), with the headers given. */
async function join(app: FastifyInstance, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; error?: string }> {
  const res = await fetch(`${baseUrl(app)}/api/v1/queue/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { error?: string };
  return { status: res.status, ...(answer.error ? { error: answer.error } : {}) };
}

async function login(app: FastifyInstance, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${baseUrl(app)}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
  });
  return res.status;
}

describe('behind one proxy hop, a client cannot choose its own address', () => {
  let app: FastifyInstance;
  const nodes: FastifyInstance[] = [];

  async function node(overrides: Partial<Config>): Promise<FastifyInstance> {
    app = await buildApp(testConfig(overrides));
    await app.listen({ port: 0, host: '127.0.0.1' });
    nodes.push(app);
    return app;
  }
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()));
  });

  it('rotating a spoofed X-Forwarded-For does not escape the per-address join limit: the address the proxy appended counts', async () => {
    // A burst well inside the limit's one-second window.
    await node({ trustProxy: 1, joinsPerSecPerIp: 3 });
    const proxied = (spoofed: string, client: string) => ({ 'x-forwarded-for': `${spoofed}, ${client}` });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await join(app, {}, proxied(`198.51.100.${i}`, '203.0.113.7')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429, 429]);
    expect(answers[5]).toEqual({ status: 429, error: 'rate_limited' });
    // Another client behind the same proxy has a budget of its own.
    expect((await join(app, {}, proxied('198.51.100.9', '203.0.113.8'))).status).toBe(200);
  });

  it('rotating a spoofed X-Forwarded-For does not escape the per-address login limit', async () => {
    await node({ trustProxy: 1, console: { ...testConfig().console, loginsPerMinutePerIp: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await login(app, { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` }));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('with no proxy trusted, X-Forwarded-For is ignored: the socket address counts', async () => {
    await node({ trustProxy: false, joinsPerSecPerIp: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await join(app, {}, { 'x-forwarded-for': `203.0.113.${i}` })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('trusts only the listed proxy addresses: a header from any other peer is ignored', async () => {
    await node({ trustProxy: ['10.9.9.9'], joinsPerSecPerIp: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await join(app, {}, { 'x-forwarded-for': `203.0.113.${i}` })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('rate limits are cluster-wide on Redis', () => {
  const redis = new RedisServer();
  let nodes: FastifyInstance[] = [];
  beforeAll(() => redis.start());
  afterAll(async () => {
    await stopNodes(nodes);
    await redis.stop();
  });

  it('two nodes on one Redis share the per-client join limit: 10 a minute across both', async () => {
    nodes = await startNodes(2, { redisUrl: redis.url, joinsPerMinutePerClient: 10 });
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    const clientId = randomBytes(16).toString('base64url');
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await join(i % 2 ? b : a, { clientId }));
    expect(answers.filter((x) => x.status === 200)).toHaveLength(10);
    expect(answers.slice(10)).toEqual([
      { status: 429, error: 'rate_limited' },
      { status: 429, error: 'rate_limited' },
    ]);
    // Another client is not held back by it, on either node.
    expect((await join(b, { clientId: randomBytes(16).toString('base64url') })).status).toBe(200);
    // The counters are in Redis, under the cluster's key prefix (its hash tag).
    const store = a.store as RedisStore;
    expect(await store.redis.keys(`${store.key('rl')}:*client:${clientId}`)).toHaveLength(1);
  });
});

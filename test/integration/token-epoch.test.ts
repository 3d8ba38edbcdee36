import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';

async function join(app: FastifyInstance): Promise<{ ticket: string; number: number }> {
  const res = await fetch(`${baseUrl(app)}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return (await res.json()) as { ticket: string; number: number };
}
const status = (app: FastifyInstance, ticket: string) =>
  fetch(`${baseUrl(app)}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

describe('the store epoch on real Redis', () => {
  let redis: RedisServer;
  let nodes: FastifyInstance[];

  beforeAll(async () => {
    redis = await new RedisServer().start();
    nodes = await startNodes(2, { redisUrl: redis.url });
  });
  afterAll(async () => {
    await stopNodes(nodes);
    await redis.stop();
  });

  it('is one epoch for every node; a Redis wiped under running nodes gives a new one, and tickets from before are refused', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    expect(a.tokens.epoch).toBe(b.tokens.epoch);
    const before = a.tokens.epoch;
    const old = await join(a);
    expect((await status(b, old.ticket)).status).toBe(200);

    const client = new Redis(redis.url);
    await client.flushdb();
    client.disconnect();

    await vi.waitFor(() => expect([a.tokens.epoch, b.tokens.epoch].every((e) => e !== before)).toBe(true), { timeout: 15_000, interval: 200 });
    expect(a.tokens.epoch).toBe(b.tokens.epoch);
    const fresh = await join(b);
    expect(fresh.number).toBe(old.number);
    expect(await status(a, old.ticket)).toEqual({ status: 401, body: { error: 'invalid_ticket', message: expect.any(String) } });
    expect(await status(a, fresh.ticket)).toMatchObject({ status: 200, body: { state: 'waiting', number: fresh.number } });
  }, 30_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFaultClient } from '../../simulator/store-fault/store-fault-client';
import { StoreFaultProxy } from '../../simulator/store-fault/store-fault-proxy';
import { startStoreFaultServer } from '../../simulator/store-fault/store-fault-server';
import { RedisServer } from '../support/redis-server';

const KEY = 'a-simulator-key-of-some-length';
let redis: RedisServer;
let proxy: StoreFaultProxy;
let control: Awaited<ReturnType<typeof startStoreFaultServer>>;
const logged: string[] = [];

const call = (method: string, path: string, init: { key?: string; body?: unknown } = {}) =>
  fetch(`${control.url}${path}`, {
    method,
    headers: {
      ...(init.key === undefined ? {} : { authorization: `Bearer ${init.key}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

beforeAll(async () => {
  redis = await new RedisServer().start();
  proxy = new StoreFaultProxy({ host: '127.0.0.1', port: Number(new URL(redis.url).port) });
  await proxy.listen();
  control = await startStoreFaultServer(proxy, KEY, { log: (line) => logged.push(line) });
});
afterAll(async () => {
  await control.app.close();
  await proxy.close();
  await redis.stop();
});

describe("the store fault proxy's control", () => {
  it('refuses a request without the key or with another, and cuts nothing', async () => {
    for (const key of [undefined, 'wrong-key-of-similar-length!!', `${KEY}x`]) {
      const res = await call('POST', '/store/cut', { key, body: { seconds: 5 } });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'unauthorized' });
    }
    expect(proxy.cutUntil).toBeNull();
    expect(logged.splice(0)).toEqual(Array(3).fill('store fault control: POST /store/cut refused without the drill runner key'));
  });

  it('refuses a bad cut with a 400 naming the problem, and cuts nothing', async () => {
    for (const body of [{ seconds: 0 }, { seconds: -1 }, { seconds: 601 }, {}, { seconds: 1, extra: true }, { seconds: '5' }]) {
      const res = await call('POST', '/store/cut', { key: KEY, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = (await res.json()) as { code: string; message: string };
      expect(answer.code).toBe('bad_request');
      expect(answer.message.length).toBeGreaterThan(0);
    }
    expect(proxy.cutUntil).toBeNull();
    expect(logged.splice(0)).toHaveLength(6);
  });

  it('cuts for the seconds asked and answers once the store is reachable again; GET /store shows the cut meanwhile', async () => {
    const from = Date.now();
    const cutting = call('POST', '/store/cut', { key: KEY, body: { seconds: 0.5 } });
    await new Promise<void>((resolve) => {
      const poll = () => (proxy.cutUntil !== null ? resolve() : setImmediate(poll));
      poll();
    });
    const during = (await (await call('GET', '/store', { key: KEY })).json()) as { cutUntil: number | null };
    expect(during.cutUntil).toBeGreaterThanOrEqual(from + 500);
    const res = await cutting;
    expect(res.status).toBe(200);
    expect(Date.now() - from).toBeGreaterThanOrEqual(490);
    expect(((await (await call('GET', '/store', { key: KEY })).json()) as { cutUntil: null }).cutUntil).toBeNull();
  });

  it("the drill runner's client: cut() waits for the end; heal() ends a long cut at once", async () => {
    const client = storeFaultClient(`${control.url}/`, KEY);
    let done = false;
    const cut = client.cut(300).then(() => (done = true));
    await new Promise<void>((resolve) => {
      const poll = () => (proxy.cutUntil !== null ? resolve() : setImmediate(poll));
      poll();
    });
    expect(done).toBe(false);
    await client.heal();
    await cut;
    expect(proxy.cutUntil).toBeNull();
    await expect(storeFaultClient(control.url, 'not-the-key-at-all-really').cut(1)).rejects.toThrow(/401 unauthorized/);
  });
});

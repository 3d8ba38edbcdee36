import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreFaultProxy } from '../../simulator/store-fault/store-fault-proxy';
import { RedisServer } from '../support/redis-server';

let redis: RedisServer;
let proxy: StoreFaultProxy;
let port: number;

/** A raw PING through the proxy: Redis's answer, or `closed` when the connection is dropped unanswered. */
function rawPing(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.endsWith('\r\n')) {
        socket.destroy();
        resolve(answer.trim());
      }
    });
    socket.on('close', () => resolve(answer === '' ? 'closed' : answer.trim()));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  redis = await new RedisServer().start();
  proxy = new StoreFaultProxy({ host: '127.0.0.1', port: Number(new URL(redis.url).port) });
  port = (await proxy.listen()).port;
});
afterEach(() => proxy.heal());
afterAll(async () => {
  await proxy.close();
  await redis.stop();
});

describe('the store fault proxy', () => {
  it('carries Redis traffic both ways until cut', async () => {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
    await client.connect();
    await client.set('k', 'through the proxy');
    expect(await client.get('k')).toBe('through the proxy');
    expect(await rawPing()).toBe('+PONG');
    client.disconnect();
  });

  it('a cut drops the open connections at once, refuses new ones while it lasts, and ends on time', async () => {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 });
    // Its reconnection attempts fail while the cut lasts: expected here.
    client.on('error', () => undefined);
    await client.connect();
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const from = Date.now();
    const cut = proxy.cut(0.8);
    let ended = false;
    void cut.then(() => (ended = true));
    await closed;
    expect(proxy.cutUntil).toBeGreaterThanOrEqual(from + 800);
    expect(await rawPing()).toBe('closed');
    await expect(client.get('k')).rejects.toThrow();
    expect(ended).toBe(false);
    await cut;
    expect(Date.now() - from).toBeGreaterThanOrEqual(790);
    expect(proxy.cutUntil).toBeNull();
    expect(await rawPing()).toBe('+PONG');
    // The client's own reconnection comes through again.
    await new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));
    expect(await client.get('k')).toBe('through the proxy');
    client.disconnect();
  });

  it('heal() ends a cut early, every cut waiting on it resolves, and an overlapping cut keeps the later end', async () => {
    const long = proxy.cut(60);
    const until = proxy.cutUntil!;
    const short = proxy.cut(0.1);
    expect(proxy.cutUntil).toBe(until);
    expect(await rawPing()).toBe('closed');
    proxy.heal();
    await Promise.all([long, short]);
    expect(proxy.cutUntil).toBeNull();
    expect(await rawPing()).toBe('+PONG');
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/redis-server';

/** redis-server reading deploy/redis/redis.conf, with only the address and data directory overridden. */
describe('deploy/redis/redis.conf on a real redis-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-redis-conf-'));
  let child: ReturnType<typeof spawn>;
  let redis: Redis;

  beforeAll(async () => {
    const port = await freePort();
    child = spawn('redis-server', ['deploy/redis/redis.conf', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--maxmemory', '64mb'], {
      stdio: 'ignore',
    });
    redis = new Redis(port, '127.0.0.1', { retryStrategy: (n) => (n > 100 ? null : 50), maxRetriesPerRequest: 100 });
    redis.on('error', () => {}); // refused until redis-server listens; the commands below retry
    await redis.ping();
  });

  afterAll(async () => {
    redis?.disconnect();
    if (child?.exitCode === null) await new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every write on disk before it replies, and never evicts', async () => {
    const settings = async (name: string) => (await redis.config('GET', name))[1];
    expect(await settings('appendonly')).toBe('yes');
    expect(await settings('appendfsync')).toBe('always');
    expect(await settings('no-appendfsync-on-rewrite')).toBe('no');
    expect(await settings('maxmemory-policy')).toBe('noeviction');
  });

  it('refuses a write when full instead of dropping keys', async () => {
    await redis.config('SET', 'maxmemory', '1');
    await expect(redis.set('sluice-test', 'x')).rejects.toThrow(/OOM/);
  });
});

import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { connectConsole, emitAck, login, operatorToken, PASSWORD, type ConsoleClient } from '../server/console/console-client';

/** `npm run operator -- <args>` against the test Redis; resolves with its exit code and output. */
function operatorScript(redis: RedisServer, prefix: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/operator.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REDIS_URL: redis.url, SLUICE_KEY_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

const disconnected = (socket: ConsoleClient) => new Promise<string>((resolve) => socket.once('disconnect', resolve));
const audit = (app: FastifyInstance, token: string) => fetch(`${baseUrl(app)}/api/v1/console/audit`, { headers: { authorization: `Bearer ${token}` } });
const patch = { patch: { admissionRatePerSec: 42 }, reason: 'revocation test' };

describe('operator sessions end when the account is removed or disabled (two nodes, real Redis)', () => {
  let redis: RedisServer;
  let nodes: FastifyInstance[];
  let a: FastifyInstance;
  let b: FastifyInstance;
  let prefix: string;

  beforeAll(async () => {
    redis = await new RedisServer().start();
    // No snapshot cycle: the re-check must not depend on it.
    nodes = await startNodes(2, { redisUrl: redis.url, console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } });
    [a, b] = nodes as [FastifyInstance, FastifyInstance];
    prefix = a.config.keyPrefix;
  });
  afterAll(async () => {
    await stopNodes(nodes);
    await redis.stop();
  });

  it('refuses the next command of a disabled operator, closes the socket, and refuses the token everywhere', async () => {
    const token = await operatorToken(a, 'han', 'commander');
    const socket = await connectConsole(b, token);
    expect(await emitAck(socket, 'controls:update', patch)).toEqual({ ok: true });
    const closed = disconnected(socket);
    // Straight in the store, without the bus message: the command itself must be checked.
    await a.operators.setDisabled('han', true);
    expect(await emitAck(socket, 'controls:update', { ...patch, patch: { admissionRatePerSec: 43 } })).toEqual({
      ok: false,
      error: 'invalid_token',
      message: expect.stringMatching(/session has ended/),
    });
    expect(await closed).toBe('io server disconnect');
    expect(b.controls.current.admissionRatePerSec).toBe(42);
    await expect(connectConsole(a, token)).rejects.toThrow('invalid_token');
    expect((await audit(a, token)).status).toBe(401);
    expect((await login(b, 'han')).status).toBe(401);
  });

  it('`npm run operator -- remove` closes the open consoles on every node within seconds, without a command', async () => {
    const token = await operatorToken(a, 'yoon', 'viewer');
    const onA = await connectConsole(a, token);
    const onB = await connectConsole(b, token);
    expect((await audit(b, token)).status).toBe(200);
    const closed = Promise.all([disconnected(onA), disconnected(onB)]);
    const started = Date.now();
    const run = await operatorScript(redis, prefix, ['remove', 'yoon']);
    expect(run).toMatchObject({ code: 0, out: expect.stringContaining('operator yoon removed') });
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await audit(b, token)).status).toBe(401);
    expect((await login(a, 'yoon')).status).toBe(401);
    expect(await operatorScript(redis, prefix, ['remove', 'yoon'])).toMatchObject({ code: 1, out: expect.stringContaining('no operator yoon') });
  });

  it('`-- disable` then `-- enable`: the old token stays dead, a new login works', async () => {
    const token = await operatorToken(a, 'seo', 'commander');
    const socket = await connectConsole(a, token);
    const closed = disconnected(socket);
    expect((await operatorScript(redis, prefix, ['disable', 'seo'])).code).toBe(0);
    await closed;
    expect((await login(a, 'seo')).status).toBe(401);
    const listed = await operatorScript(redis, prefix, ['list']);
    expect(listed.out).toMatch(/^seo\tcommander\tdisabled$/m);
    expect((await operatorScript(redis, prefix, ['enable', 'seo'])).code).toBe(0);
    await expect(connectConsole(b, token)).rejects.toThrow('invalid_token');
    const again = await login(b, 'seo', PASSWORD);
    expect(again.status).toBe(200);
    const fresh = await connectConsole(b, ((await again.json()) as { token: string }).token);
    expect(await emitAck(fresh, 'controls:update', patch)).toEqual({ ok: true });
    fresh.close();
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, runProgram, waitForOk, type RunningProgram } from '../support/processes';
import { freePort, RedisServer } from '../support/redis-server';

/** `npm run server` itself (server/main.ts in its own process), in training and live mode. */
let redis: RedisServer;
const running: RunningProgram[] = [];

async function startServer(env: Record<string, string>): Promise<{ base: string; program: RunningProgram }> {
  const port = await freePort();
  const program = runProgram('server/main.ts', { PORT: String(port), PROVIDERS_URL: 'http://127.0.0.1:9', SLUICE_TICK_MS: '0', ...env });
  running.push(program);
  const base = `http://127.0.0.1:${port}`;
  await waitForOk(`${base}/readyz`, program);
  return { base, program };
}

const secret = () => randomBytes(32).toString('base64url');

beforeAll(async () => {
  redis = await new RedisServer().start();
});
afterEach(() => {
  for (const program of running.splice(0)) program.kill();
});
afterAll(async () => {
  await redis.stop();
});

describe('npm run server seeds the demo operators in training mode only', () => {
  it('training: commander logs in with SLUICE_DEMO_PASSWORD, which is never printed', async () => {
    const password = `demo-${randomBytes(6).toString('hex')}`;
    const { base, program } = await startServer({ SLUICE_MODE: 'training', SLUICE_DEMO_PASSWORD: password });
    expect(await logIn(base, 'commander', password)).toBe(200);
    expect(await logIn(base, 'commander', 'not-the-password')).toBe(401);
    expect(program.output()).toContain('demo operators viewer, commander, trainer, admin');
    expect(program.output()).not.toContain(password);
  });

  it('training cluster on one Redis: the first node prints a random password, the second creates nothing and accepts it', async () => {
    const shared = { SLUICE_MODE: 'training', REDIS_URL: redis.url, SLUICE_KEY_PREFIX: `demo${randomBytes(3).toString('hex')}`, SLUICE_SECRET: secret() };
    const first = await startServer(shared);
    const printed = /commander\s+commander\s+password (\S+)/.exec(first.program.output());
    expect(printed, first.program.transcript()).not.toBeNull();
    const second = await startServer(shared);
    expect(second.program.output()).toContain('demo operators exist already');
    expect(second.program.output()).not.toContain('password ');
    expect(await logIn(second.base, 'commander', printed![1]!)).toBe(200);
  });

  it('live: no demo operator exists, whatever SLUICE_DEMO_PASSWORD says', async () => {
    const password = `demo-${randomBytes(6).toString('hex')}`;
    const { base, program } = await startServer({
      SLUICE_MODE: 'live',
      REDIS_URL: redis.url,
      SLUICE_KEY_PREFIX: `live${randomBytes(3).toString('hex')}`,
      SLUICE_SECRET: secret(),
      SLUICE_DEMO_PASSWORD: password,
    });
    expect(await logIn(base, 'commander', password)).toBe(401);
    expect(program.output()).not.toContain('demo operators');
  });
});

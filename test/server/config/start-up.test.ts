import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface Exit {
  code: number | null;
  stderr: string;
}

/** Runs a program with only PATH and HOME from this environment, plus `env`; kills it after 20 s. */
function run(entry: string, env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SLUICE_METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a bad setting stops the program at start-up', () => {
  it('the server exits 1 naming the variable, without a stack trace', async () => {
    const exit = await run('server/main.ts', { SLUICE_MODE: 'training', SLUICE_TICK_MS: 'abc' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe('SLUICE_TICK_MS must be a whole number ≥ 0, got "abc"');
  });

  it('the server starts live and refuses to without a secret, even when SLUICE_DEFAULT_MODE says training', async () => {
    const exit = await run('server/main.ts', { SLUICE_DEFAULT_MODE: 'training' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toMatch(/^SLUICE_SECRET is required in live mode: make one with `openssl rand -base64 48`/);
  });

  it('the server refuses live mode on the memory store: exit 1, saying REDIS_URL is required', async () => {
    const exit = await run('server/main.ts', { SLUICE_SECRET: 'pG7q2Vd0xRk9LwZs4nYb1Tf8Hc3Mj6Ue5Ao0Ki2Nl7Qr9Sv4Wx1Yz8Bd3Ce6Fg5Hi' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toMatch(/^REDIS_URL is required in live mode: the embedded memory store loses every ticket/);
  });

  it('the server refuses a weak secret in live mode: exit 1, saying how to make one', async () => {
    const exit = await run('server/main.ts', { SLUICE_SECRET: 'a'.repeat(40), REDIS_URL: 'redis://127.0.0.1:1' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toMatch(/^SLUICE_SECRET repeats itself .*openssl rand -base64 48/);
  });

  it('npm start exits 1 before it starts anything', async () => {
    const exit = await run('scripts/start.ts', { SLUICE_TRUST_PROXY: 'yes' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe('SLUICE_TRUST_PROXY must be `false`, a number of hops, or a comma-separated list of addresses or CIDRs, got "yes"');
  });

  it('the provider simulator exits 1 on a bad port', async () => {
    const exit = await run('simulator/providers/main.ts', { PORT: 'eighty' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe('PORT must be a whole number from 0 to 65535, got "eighty"');
  });
});

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST } from '../../server/http/console-static';
import { ARTIFACTS, launchChromium } from '../support/chromium';
import { runCommand, runProgram, waitForOk, type RunningProgram } from '../support/processes';
import { freePort } from '../support/redis-server';

/**
 * `npm start` as a trainer runs it (scripts/start.ts, the way the npm script runs it): its own
 * children, a viewer in Chromium watching numbers move, then Ctrl-C leaves nothing behind.
 */
const PASSWORD = `start-${randomBytes(6).toString('hex')}`;
let start: RunningProgram | undefined;
let npm: RunningProgram | undefined;
/** Every pid npm start reported, so a failed test still leaves nothing running. */
const reported = new Set<number>();
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** The processes npm start reported, by name: "[sluice] npm start (pid 122)", "[sluice] server started (pid 123)". */
function children(output: string): Map<string, number> {
  const found = new Map([...output.matchAll(/\[sluice\] (.+?) (?:started )?\(pid (\d+)\)/g)].map((m) => [m[1]!, Number(m[2])]));
  for (const pid of found.values()) reported.add(pid);
  return found;
}

async function joinCitizens(base: string, count: number): Promise<string[]> {
  const tickets: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${base}/api/v1/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: randomBytes(16).toString('base64url') }),
    });
    expect(res.status).toBe(200);
    tickets.push(((await res.json()) as { ticket: string }).ticket);
  }
  return tickets;
}

afterAll(async () => {
  await browser?.close();
  start?.kill();
  npm?.kill();
  for (const pid of reported) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('npm start', { timeout: 150_000 }, () => {
  it('runs the training setup in one terminal, the console shows it live, and Ctrl-C stops every child', async () => {
    if (!existsSync(join(CONSOLE_DIST, 'index.html'))) await build({ configFile: join(process.cwd(), 'vite.config.ts'), logLevel: 'warn' });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const providersPort = await freePort();
    start = runProgram('scripts/start.ts', {
      PORT: String(port),
      PROVIDERS_PORT: String(providersPort),
      PROVIDERS_URL: '',
      SLUICE_DEMO_PASSWORD: PASSWORD,
      SLUICE_CONSOLE: 'none',
    });
    await waitForOk(`${base}/readyz`, start, 120_000);
    await expect.poll(() => start!.output(), { timeout: 10_000 }).toContain('Ctrl-C stops everything');
    const output = start.output();
    const pids = children(output);
    expect([...pids.keys()].sort()).toEqual(['drill-runner', 'npm start', 'providers', 'server']);
    expect(pids.get('npm start')).toBe(start.child.pid);
    expect(output).toContain('demo operators viewer, commander, trainer, admin');
    expect(output).toContain(`console:   ${base}/console/`);
    expect(output).not.toContain(PASSWORD);
    // The simulator is one of them, listening where the server looks for it.
    expect((await fetch(`http://127.0.0.1:${providersPort}/faults`)).status).toBe(200);

    browser = await launchChromium();
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${base}/console/?lang=en`);
    await page.getByTestId('login-username').fill('viewer');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="role"][data-role="viewer"]').waitFor();
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('training-tag').innerText()).toBe('TRAINING');

    // The background crowd moves the numbers at once, with nobody doing anything.
    const concurrency = async () => Number((await page.getByTestId('tile-concurrency-value').innerText()).replace(/,/g, ''));
    await expect.poll(concurrency, { timeout: 20_000 }).toBeGreaterThan(0);
    const tickets = await joinCitizens(base, 12);
    await Promise.all(tickets.map((ticket) => fetch(`${base}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } })));
    await expect.poll(concurrency, { timeout: 15_000 }).toBeGreaterThanOrEqual(12);
    // The drill runner is connected and offers the bundled scenarios to a trainer.
    const login = await fetch(`${base}/api/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'trainer', password: PASSWORD }),
    });
    const trainerToken = ((await login.json()) as { token: string }).token;
    const offered = async () =>
      (
        (await (await fetch(`${base}/api/v1/drills/scenarios`, { headers: { authorization: `Bearer ${trainerToken}` } })).json()) as {
          scenarios: { name: string }[];
        }
      ).scenarios.map((s) => s.name);
    await expect.poll(offered, { timeout: 15_000 }).toContain('smoke');
    expect(await offered()).not.toContain('background');
    await page.screenshot({ path: join(ARTIFACTS, 'npm-start-viewer.png'), fullPage: true });
    expect(errors).toEqual([]);
    await browser.close();
    browser = undefined;

    // What it logged is what runs: both logged children are its children (tsx may add its own
    // esbuild service beside them when its transform cache is cold).
    const running = execFileSync('ps', ['--ppid', String(start.child.pid), '-o', 'pid='])
      .toString()
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(running).toEqual(expect.arrayContaining([pids.get('providers'), pids.get('server'), pids.get('drill-runner')]));
    const tree = [start.child.pid!, ...running];
    start.child.kill('SIGINT');
    expect(await start.exited).toEqual({ code: 0, signal: null });
    expect(start.output()).toContain('SIGINT: stopping everything');
    for (const [name, pid] of pids) expect(alive(pid), `${name} (pid ${pid}) is still running`).toBe(false);
    // A helper process such as tsx's esbuild service ends when its parent's pipe closes.
    await expect.poll(() => tree.filter((pid) => alive(pid)), { timeout: 5000 }).toEqual([]);
  });

  it('stops everything when only npm is told to stop (its shell dies, and our start process notices)', async () => {
    const port = await freePort();
    npm = runCommand('npm', ['start', '--silent'], {
      PORT: String(port),
      PROVIDERS_PORT: String(await freePort()),
      PROVIDERS_URL: '',
      SLUICE_DEMO_PASSWORD: PASSWORD,
      SLUICE_CONSOLE: 'none',
    });
    await waitForOk(`http://127.0.0.1:${port}/readyz`, npm, 120_000);
    await expect.poll(() => npm!.output(), { timeout: 10_000 }).toContain('Ctrl-C stops everything');
    const pids = children(npm.output());
    expect([...pids.keys()].sort()).toEqual(['drill-runner', 'npm start', 'providers', 'server']);
    npm.child.kill('SIGTERM');
    await npm.exited;
    const deadline = Date.now() + 15_000;
    while ([...pids.values()].some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    for (const [name, pid] of pids) expect(alive(pid), `${name} (pid ${pid}) is still running`).toBe(false);
  });
});

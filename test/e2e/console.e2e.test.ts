import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { testConfig, type Config } from '../../server/config';
import { CONSOLE_DIST } from '../../server/http/console-static';
import { seedDemoOperators } from '../../server/operators/demo-operators';
import { ARTIFACTS, launchChromium } from '../support/chromium';
import { freePort, RedisServer } from '../support/redis-server';
import { scenario, SIMULATOR_KEY, TestRunner } from '../support/runner-client';

/**
 * The console in Debian Chromium against a real server (Redis store, admission ticking,
 * snapshots every second) with citizens joining and polling from this process.
 */
const PASSWORD = 'e2e-demo-password';

let redis: RedisServer;
let app: FastifyInstance;
let config: Config;
let base: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let load: CitizenLoad;

class CitizenLoad {
  private tickets: string[] = [];
  private timers: NodeJS.Timeout[] = [];
  joined = 0;
  polled = 0;
  errors = 0;

  constructor(private readonly base: string) {}

  start(): void {
    this.timers.push(setInterval(() => void this.join(), 50));
    this.timers.push(setInterval(() => void this.poll(), 500));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }

  private async join(): Promise<void> {
    try {
      const res = await fetch(`${this.base}/api/v1/queue/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: randomBytes(16).toString('base64url') }),
      });
      if (res.ok) {
        const body = (await res.json()) as { ticket: string };
        this.tickets.push(body.ticket);
        if (this.tickets.length > 200) this.tickets.shift();
        this.joined++;
      } else this.errors++;
    } catch {
      this.errors++; // the server is down on purpose for part of the test
    }
  }

  private async poll(): Promise<void> {
    await Promise.all(
      this.tickets.slice(-60).map(async (ticket) => {
        try {
          const res = await fetch(`${this.base}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } });
          await res.arrayBuffer();
          if (res.ok) this.polled++;
        } catch {
          this.errors++;
        }
      }),
    );
  }
}

async function startServer(): Promise<FastifyInstance> {
  const server = await buildApp(config);
  await server.listen({ port: config.port, host: '127.0.0.1' });
  return server;
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${base}/console/?lang=en`);
  expect(await page.getByTestId('login-server').inputValue()).toBe(base);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator(`[data-testid="role"][data-role="${username}"]`).waitFor();
  await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 10_000 });
}

const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

beforeAll(async () => {
  // `npm test` builds the console first (pretest); a lone `vitest run` of this file builds it here.
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) await build({ configFile: join(process.cwd(), 'vite.config.ts'), logLevel: 'warn' });
  redis = await new RedisServer().start();
  config = testConfig({
    redisUrl: redis.url,
    keyPrefix: `e2e${randomBytes(3).toString('hex')}`,
    secret: randomBytes(32).toString('base64url'),
    nodeId: 'node-a',
    port: await freePort(),
    tickIntervalMs: 100,
    controlsRefreshMs: 1000,
    healthSyncMs: 1000,
    demoPassword: PASSWORD,
    simulatorKey: SIMULATOR_KEY,
  });
  base = `http://127.0.0.1:${config.port}`;
  app = await startServer();
  expect(await seedDemoOperators(app)).not.toBeNull();
  // A slow admission rate, so a queue forms and the numbers have something to show.
  expect((await app.controls.update({ admissionRatePerSec: 4 })).ok).toBe(true);
  load = new CitizenLoad(base);
  load.start();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  load?.stop();
  await browser?.close();
  await app?.close();
  await redis?.stop();
});

describe('the console in a real browser', { timeout: 90_000 }, () => {
  let commander: Page;

  it('logs a commander in, shows the role, and the numbers move with the load', async () => {
    commander = await browser.context.newPage();
    const errors: string[] = [];
    commander.on('pageerror', (err) => errors.push(err.message));
    // Under the server's Content-Security-Policy nothing the console needs is refused.
    const refused: string[] = [];
    commander.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const page = await fetch(`${base}/console/`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    await logIn(commander, 'commander');
    expect(await text(commander, 'role')).toContain('Commander');
    expect(await text(commander, 'training-tag')).toBe('TRAINING');

    const firstDepth = await text(commander, 'tile-depth-value');
    await expect.poll(() => text(commander, 'tile-depth-value'), { timeout: 15_000 }).not.toBe(firstDepth);
    const depth = Number((await text(commander, 'tile-depth-value')).replace(/,/g, ''));
    expect(depth).toBeGreaterThan(0);
    expect(await text(commander, 'tile-admitted')).toContain('set rate 4/s');
    expect(Number(await commander.getByTestId('chart-concurrency').getAttribute('data-points'))).toBeGreaterThan(2);
    expect(await commander.locator('[data-testid="chart-concurrency"] .recharts-line path').count()).toBeGreaterThan(0);
    await commander.screenshot({ path: join(ARTIFACTS, 'console-commander.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('keeps the API browser at /docs working under its own policy', async () => {
    const docs = await browser.context.newPage();
    const refused: string[] = [];
    docs.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const answer = await docs.goto(`${base}/docs`);
    const csp = (await answer?.allHeaders())?.['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    await docs.locator('.swagger-ui .info .title').filter({ hasText: 'Sluice' }).waitFor({ timeout: 15_000 });
    expect(await docs.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
    expect(refused).toEqual([]);
    await docs.close();
  });

  it('changes the admission rate with a reason; the server applies it and audits it', async () => {
    await commander.getByTestId('lever-admissionRatePerSec').fill('7');
    await commander.getByTestId('controls-review').click();
    const row = commander.getByTestId('change-admissionRatePerSec');
    expect(await row.locator('.before').innerText()).toBe('4');
    expect(await row.locator('.after').innerText()).toBe('7');
    await commander.screenshot({ path: join(ARTIFACTS, 'console-change-review.png'), fullPage: true });
    await commander.getByTestId('change-reason').fill('queue growing, providers green: admit more');
    await commander.getByTestId('change-apply').click();
    await commander.getByTestId('change-applied').waitFor();

    expect(app.controls.current.admissionRatePerSec).toBe(7);
    const audit = await app.auditLog.since(0, 100);
    const entry = audit.find((e) => e.kind === 'controls' && e.reason === 'queue growing, providers green: admit more');
    expect(entry).toMatchObject({ actor: 'commander', role: 'commander' });
    expect(entry?.after).toMatchObject({ admissionRatePerSec: 7 });
    await expect.poll(() => text(commander, 'timeline'), { timeout: 5000 }).toContain('queue growing, providers green: admit more');
    await expect.poll(() => text(commander, 'tile-admitted'), { timeout: 5000 }).toContain('set rate 7/s');

    // The change is marked on every trend chart at its time, with who, what and why on hover.
    const marker = commander.locator(`[data-testid="chart-concurrency"] [data-testid="chart-marker"][data-kind="controls"][data-at="${entry!.at}"]`);
    await marker.waitFor({ timeout: 5000 });
    expect(await marker.locator('title').textContent()).toMatch(/Controls changed · commander · admissionRatePerSec: 4 → 7 · reason: queue growing/);
    // On every chart with data (the identity latency chart has none without verifications). Charts
    // redraw staggered, once per bucket: each shows the marker once its rows reach that time.
    for (const chart of ['concurrency', 'flow', 'bookings']) {
      await commander
        .locator(`[data-testid="chart-${chart}"] [data-testid="chart-marker"][data-kind="controls"][data-at="${entry!.at}"]`)
        .waitFor({ timeout: 5000 });
    }
    // …at its time: its line sits where the time axis puts that moment, between the first and last tick.
    const plot = await commander.locator('[data-testid="chart-concurrency"] .recharts-cartesian-grid').boundingBox();
    const line = await commander.locator('[data-testid="chart-concurrency"] .recharts-reference-line').last().boundingBox();
    expect(line!.x).toBeGreaterThan(plot!.x);
    expect(line!.x).toBeLessThanOrEqual(plot!.x + plot!.width + 1);
    await commander.screenshot({ path: join(ARTIFACTS, 'console-chart-marker.png') });
  });

  it('gives a viewer the numbers and no working controls', async () => {
    const viewer = await browser.context.newPage();
    await logIn(viewer, 'viewer');
    expect(await text(viewer, 'role')).toContain('Viewer');
    await viewer.getByTestId('controls-read-only').waitFor();
    expect(await viewer.locator('[data-testid="controls"] :is(input, textarea, select, button)').count()).toBe(0);
    expect(await text(viewer, 'value-admissionRatePerSec')).toBe('7');
    expect(await viewer.getByTestId('note-input').count()).toBe(0);
    await viewer.screenshot({ path: join(ARTIFACTS, 'console-viewer.png'), fullPage: true });
    await viewer.getByTestId('toggle-wall').click();
    await viewer.locator('[data-testid="dashboard"][data-wall="true"]').waitFor();
    expect(await viewer.getByTestId('controls').count()).toBe(0);
    await viewer.screenshot({ path: join(ARTIFACTS, 'console-wall.png') });
    await viewer.close();
  });

  it('shows a drill on the screen the moment a trainer starts one, with its scale, and drops it after', async () => {
    const login = await fetch(`${base}/api/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'trainer', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const runner = await TestRunner.connect(base, [scenario('e2e-night-surge', { scale: 100 })]);
    const trainer = io(`${base}/console`, { auth: { token }, transports: ['websocket'] });
    const send = (event: 'drill:start' | 'drill:stop', payload: object) =>
      new Promise<{ ok: boolean }>((resolve) => trainer.emit(event as 'drill:stop', payload, resolve));
    try {
      await new Promise<void>((resolve) => trainer.once('connect', () => resolve()));
      expect(await send('drill:start', { scenario: 'e2e-night-surge', scale: 100 })).toEqual({ ok: true });
      await commander.getByTestId('drill-banner').first().waitFor({ timeout: 5000 });
      expect(await commander.getByTestId('drill-banner').count()).toBe(2);
      expect(await commander.getByTestId('scale-badge').first().innerText()).toBe('scale 1:100');
      expect(await commander.getByTestId('drill-banner').first().innerText()).toContain('e2e-night-surge');
      expect(await commander.getByTestId('training-tag').count()).toBe(0);
      await commander.screenshot({ path: join(ARTIFACTS, 'console-drill.png') });
      expect(await send('drill:stop', {})).toEqual({ ok: true });
      await commander.getByTestId('drill-banner').first().waitFor({ state: 'detached', timeout: 5000 });
      await commander.getByTestId('training-tag').waitFor();
      await expect.poll(() => text(commander, 'timeline'), { timeout: 5000 }).toContain('Drill stopped');
    } finally {
      trainer.disconnect();
      runner.close();
    }
  });

  it('shows stale data as stale when the server dies, and recovers when it is back on the same port', async () => {
    await app.close();
    await commander.locator('[data-testid="connection"]:is([data-status="reconnecting"], [data-status="stale"])').waitFor({ timeout: 10_000 });
    // The last number the server sent (a snapshot may still land while the server closes) stays on screen.
    const before = await text(commander, 'tile-concurrency-value');
    await expect.poll(() => text(commander, 'connection'), { timeout: 10_000 }).toMatch(/stale for ([4-9]|\d\d) s/);
    expect(await commander.getByTestId('tile-concurrency').getAttribute('data-stale')).toBe('true');
    expect(await text(commander, 'tile-concurrency-value')).toBe(before);
    const color = await commander.getByTestId('tile-concurrency-value').evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(92, 101, 115)');
    await commander.screenshot({ path: join(ARTIFACTS, 'console-stale.png'), fullPage: true });

    const restartedAt = Date.now();
    app = await startServer();
    await commander.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 20_000 });
    const recoveredMs = Date.now() - restartedAt;
    console.log(`console recovered ${recoveredMs} ms after the server was back`);
    expect(await commander.getByTestId('tile-concurrency').getAttribute('data-stale')).toBe('false');
    const after = await text(commander, 'tile-depth-value');
    await expect.poll(() => text(commander, 'tile-depth-value'), { timeout: 15_000 }).not.toBe(after);
    expect(await commander.getByTestId('lever-admissionRatePerSec').inputValue()).toBe('7');
    // The outage is a break in the line, not a straight line across it.
    const moves = () =>
      commander
        .locator('[data-testid="chart-concurrency"] .recharts-line path.recharts-curve')
        .first()
        .getAttribute('d')
        .then((d) => (d?.match(/M/g) ?? []).length);
    await expect.poll(moves, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await commander.screenshot({ path: join(ARTIFACTS, 'console-recovered.png'), fullPage: true });
    expect(load.joined).toBeGreaterThan(100);
  });
});

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type TrendPoint, type TrendTier } from '../../protocol';
import { ARTIFACTS, launchChromium } from '../support/chromium';
import { startConsoleServer } from '../support/console-server';

/**
 * A console joining late in the night: the coarse tiers hold eight hours (seeded through the
 * store, as a server with a manual clock cannot run under a browser), the 1 s ring only what this
 * server saw. Picking "6 h" and dragging a range must plot exactly those windows.
 */
const PASSWORD = 'history-range-password';
const HOUR = 3600_000;
let app: FastifyInstance;
let base: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let now: number;

function point(at: number, depth: number): TrendPoint {
  const providers = Object.fromEntries(PROVIDER_IDS.map((id) => [id, { p95: 200 + (depth % 50), successPct: 99, inflight: 3 }])) as TrendPoint['providers'];
  return {
    at,
    concurrency: depth * 2,
    waitingLive: depth,
    active: depth,
    depth,
    joined: 50 + (depth % 20),
    admitted: 40,
    abandoned: 2,
    rateSet: 40,
    etaMaxSec: 600,
    booked: 10,
    bookedTotal: depth * 10,
    failures: 1,
    seatsLeft: 100_000 - depth,
    providers,
  };
}

async function seed(tier: TrendTier, hours: number): Promise<void> {
  const width = tier * 1000;
  const last = Math.floor(now / width) * width - width;
  for (let at = last - hours * HOUR; at <= last; at += width)
    await app.store.console.putTrendPoint(tier, point(at, Math.round((at - now) / 60_000) + 1000), 24 * HOUR);
}

beforeAll(async () => {
  ({ app, base } = await startConsoleServer(PASSWORD));
  now = Date.now();
  await seed(10, 6);
  await seed(60, 8);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const CHARTS = ['concurrency', 'flow', 'latency', 'bookings'];

async function span(page: Page, chart: string): Promise<{ points: number; first: number; last: number }> {
  const figure = page.getByTestId(`chart-${chart}`);
  return {
    points: Number(await figure.getAttribute('data-points')),
    first: Number(await figure.getAttribute('data-first')),
    last: Number(await figure.getAttribute('data-last')),
  };
}

describe('the night on the charts in Chromium', { timeout: 90_000 }, () => {
  it('"6 h" plots the last six hours from the server tiers, and a dragged range plots exactly that range', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${base}/console/`);
    await page.getByTestId('login-username').fill('viewer');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 });

    await page.getByTestId('window-6h').click();
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid="chart-concurrency"]')?.getAttribute('data-first')) < before,
      now - 5 * HOUR,
      {
        timeout: 15_000,
      },
    );
    const picked = Date.now();
    for (const chart of CHARTS) {
      const s = await span(page, chart);
      // 6 h in at most 200 points (108 s buckets, whole ones only, each row at its members' mean time): the first
      // starts after the window's start, within the server's 60 s bucket and three of the chart's; the last
      // within two chart buckets of now.
      expect(s.points, chart).toBeLessThanOrEqual(200);
      expect(s.points, chart).toBeGreaterThan(180);
      expect(s.first, chart).toBeGreaterThanOrEqual(now - 6 * HOUR - 5000);
      expect(s.first, chart).toBeLessThan(picked - 6 * HOUR + 60_000 + 3 * 108_000);
      expect(s.last, chart).toBeGreaterThan(now - 2 * 108_000 - 60_000);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'history-6h.png') });

    // Drag across the flow chart from 30 % to 60 % of its width.
    const box = (await page.locator('[data-testid="chart-flow"] svg.recharts-surface').first().boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width * (0.3 + 0.03 * k), y);
    await page.screenshot({ path: join(ARTIFACTS, 'history-dragging.png') });
    await page.mouse.up();
    const range = page.getByTestId('window-range');
    await range.waitFor({ timeout: 5000 });
    const [from, to] = (await range.getAttribute('data-range'))!.split('-').map(Number) as [number, number];
    expect(to - from).toBeGreaterThan(HOUR);
    expect(to - from).toBeLessThan(3 * HOUR);
    await page.waitForFunction(
      ([f, t]) => {
        const el = document.querySelector('[data-testid="chart-concurrency"]');
        return Number(el?.getAttribute('data-first')) >= f! && Number(el?.getAttribute('data-last')) <= t!;
      },
      [from, to],
      { timeout: 10_000 },
    );
    for (const chart of CHARTS) {
      const s = await span(page, chart);
      expect(s.first, chart).toBeGreaterThanOrEqual(from);
      expect(s.last, chart).toBeLessThanOrEqual(to);
      // The window is filled edge to edge (within two buckets of its ends).
      expect(s.first - from, chart).toBeLessThan(((to - from) / 200) * 2 + 60_000);
      expect(to - s.last, chart).toBeLessThan(((to - from) / 200) * 2 + 60_000);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'history-range.png') });

    // Back to live: the picked range goes, the charts follow the last 15 minutes again.
    await page.getByTestId('back-to-live').click();
    await page.locator('[data-testid="window-15m"][aria-checked="true"]').waitFor();
    expect(await page.getByTestId('window-range').count()).toBe(0);
    await page.close();
  });
});

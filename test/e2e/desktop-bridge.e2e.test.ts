import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopAlertNotice } from '../../protocol/desktop';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { CONSOLE_DIST } from '../../server/http/console-static';
import { seedDemoOperators } from '../../server/operators/demo-operators';
import { launchChromium } from '../support/chromium';
import { freePort } from '../support/redis-server';

/**
 * The console bundle in Chromium against a real server, with the outside world faked at its
 * edge: Electron's preload (window.sluiceDesktop) injected before the page loads, or, for a plain
 * browser, the Web Notifications API. The alert is the server's own store-down alarm, raised on
 * the real alert desk and delivered over Socket.IO.
 */
const PASSWORD = 'e2e-desktop-password';
const NODE = 'node-desk';

let app: FastifyInstance;
let base: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;

/** Resolves with each value pushed, in order: the page calls back, the test awaits (no sleeps). */
class Inbox<T> {
  readonly received: T[] = [];
  private waiters: ((value: T) => void)[] = [];
  push = (value: T): void => {
    this.received.push(value);
    this.waiters.shift()?.(value);
  };
  next(): Promise<T> {
    const index = this.received.length;
    return new Promise((resolve) => (this.received[index] !== undefined ? resolve(this.received[index]) : this.waiters.push(resolve)));
  }
}

/** Raises the store-down alarm on the node's real alert desk (down for longer than its threshold). */
function raiseStoreDown(): string {
  const desk = app.consoleGateway.alerts;
  const now = Date.now();
  desk.storeReachable(false, now - DEFAULT_CONSOLE_CONFIG.alerts.storeDownSec * 1000);
  desk.storeReachable(false, now);
  return `store_down:${NODE}@${now}`;
}

/** Logs in as a commander; the server field must be prefilled with `serverShown`. */
async function logIn(page: Page, serverShown: string): Promise<void> {
  const connected = new Promise<void>((resolve) => app.consoleGateway.nsp.once('connection', () => resolve()));
  await page.goto(`${base}/console/?lang=en`);
  expect(await page.getByTestId('login-server').inputValue()).toBe(serverShown);
  await page.getByTestId('login-username').fill('commander');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="role"][data-role="commander"]').waitFor();
  await connected;
}

beforeAll(async () => {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) await build({ configFile: join(process.cwd(), 'vite.config.ts'), logLevel: 'warn' });
  // No snapshot cycle: it would find the memory store reachable and resolve the alarm at once.
  const config = testConfig({
    port: await freePort(),
    nodeId: NODE,
    secret: randomBytes(32).toString('base64url'),
    demoPassword: PASSWORD,
    console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 },
  });
  app = await buildApp(config);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  base = `http://127.0.0.1:${config.port}`;
  expect(await seedDemoOperators(app)).not.toBeNull();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('alert notifications from the console in a browser', { timeout: 60_000 }, () => {
  it('inside the desktop shell, a new critical alert calls the notification bridge once', async () => {
    const page = await browser.context.newPage();
    const notices = new Inbox<DesktopAlertNotice>();
    const flashes = new Inbox<true>();
    const asked = new Inbox<true>();
    await page.exposeFunction('__desktopNotify', notices.push);
    await page.exposeFunction('__desktopFlash', () => flashes.push(true));
    await page.exposeFunction('__desktopAskedServer', () => asked.push(true));
    // What Electron's preload would expose, faked: every call is reported back to the test. The
    // remembered server ends in a slash the page's origin lacks, so the login screen shows which it took.
    await page.addInitScript((server: string) => {
      const calls = window as unknown as Record<string, (value?: unknown) => Promise<void>>;
      window.sluiceDesktop = {
        bridgeVersion: 1,
        notifyAlert: async (notice) => (await calls.__desktopNotify?.(notice), true),
        flashFrame: async () => void (await calls.__desktopFlash?.()),
        getServerUrl: async () => (await calls.__desktopAskedServer?.(), server),
        setServerUrl: async () => ({ ok: false, error: 'refused', message: 'not from the console' }),
        setWallMode: async (on) => on,
      };
      window.Notification = class {
        constructor() {
          throw new Error('the Web Notifications path must not be taken inside the desktop shell');
        }
      } as unknown as typeof Notification;
    }, `${base}/`);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await logIn(page, `${base}/`);
    expect(asked.received.length).toBeGreaterThan(0);

    const id = raiseStoreDown();
    const notice = await notices.next();
    expect(notice).toEqual({ alertId: id, severity: 'critical', title: 'CRITICAL — Sluice situation room', body: expect.stringContaining(NODE), drill: false });
    await flashes.next();

    // The same alert comes back resolved: shown as such, never announced again.
    app.consoleGateway.alerts.storeReachable(true, Date.now());
    await page.locator(`[data-testid="alert-${id}"].resolved`).waitFor();
    expect(notices.received).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('in a plain browser (no bridge), the Web Notifications API is used', async () => {
    const page = await browser.context.newPage();
    const shown = new Inbox<{ title: string; body: string; tag: string; requireInteraction: boolean }>();
    await page.exposeFunction('__webNotification', shown.push);
    await page.addInitScript(() => {
      const report = (window as unknown as { __webNotification: (value: unknown) => void }).__webNotification;
      class FakeNotification {
        static readonly permission = 'granted';
        static requestPermission = async () => 'granted';
        constructor(title: string, options: NotificationOptions = {}) {
          report({ title, body: options.body, tag: options.tag, requireInteraction: options.requireInteraction });
        }
      }
      window.Notification = FakeNotification as unknown as typeof Notification;
    });
    await logIn(page, base);
    expect(await page.evaluate(() => 'sluiceDesktop' in window)).toBe(false);

    const id = raiseStoreDown();
    expect(await shown.next()).toEqual({ title: 'CRITICAL — Sluice situation room', body: expect.stringContaining(NODE), tag: id, requireInteraction: true });
    app.consoleGateway.alerts.storeReachable(true, Date.now());
    await page.locator(`[data-testid="alert-${id}"].resolved`).waitFor();
    expect(shown.received).toHaveLength(1);
    await page.close();
  });
});

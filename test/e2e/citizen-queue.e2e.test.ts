import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectConsole, emitAck, login, type ConsoleClient } from '../server/console/console-client';
import { launchChromium } from '../support/chromium';
import { checkpoint, CITIZEN_ARTIFACTS, waitForStep, type AxeLog } from '../support/citizen-page';
import { startCitizenServer, type CitizenServer } from '../support/citizen-server';

/**
 * The waiting page under the situation room's hand: a paused gate freezes the progress and says
 * so; a notice a commander posts reaches the waiting citizen's page (a viewer cannot post one);
 * a refresh or a second tab keeps the place; a closed gate says what to do.
 */
const PASSWORD = 'citizen-queue-password';
let server: CitizenServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const axe: AxeLog = {};
const sockets: ConsoleClient[] = [];

beforeAll(async () => {
  server = await startCitizenServer(PASSWORD);
  // Forty people ahead, admitted slowly: the citizen waits for minutes.
  expect((await server.app.controls.update({ admissionRatePerSec: 0.1 })).ok).toBe(true);
  for (let i = 0; i < 40; i++) await server.app.waitingRoom.join(undefined);
  browser = await launchChromium({ width: 390, height: 844 });
  page = await browser.context.newPage();
  await page.goto(`${server.base}/`);
  await page.getByTestId('join').click();
  await waitForStep(page, 'waiting');
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await browser?.close();
  await server?.close();
});

async function operator(username: string): Promise<ConsoleClient> {
  const res = await login(server.app, username, PASSWORD);
  expect(res.status).toBe(200);
  const socket = await connectConsole(server.app, ((await res.json()) as { token: string }).token);
  sockets.push(socket);
  return socket;
}

const figure = async (p: Page, id: string) => (await p.getByTestId(id).textContent())?.trim() ?? '';

/** Resolves once the page has fetched the queue state `count` more times. */
function stateFetches(p: Page, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onResponse = (response: { url(): string }) => {
      if (!response.url().endsWith('/api/v1/queue/state')) return;
      if (++seen < count) return;
      p.off('response', onResponse);
      resolve();
    };
    p.on('response', onResponse);
  });
}

describe('the waiting page in Chromium', { timeout: 120_000 }, () => {
  it('shows position, ETA range and progress from the public queue state', async () => {
    await page.waitForFunction(() => /^\d+명$/.test(document.querySelector('[data-testid="position"]')?.textContent ?? ''));
    const position = Number((await figure(page, 'position')).replace(/\D/g, ''));
    expect(position).toBeGreaterThan(30);
    expect(position).toBeLessThanOrEqual(41);
    expect(await figure(page, 'eta')).toMatch(/분|시간/);
    await checkpoint(page, '8-waiting-far-back', axe);
  });

  it('fetches nothing while the tab is hidden, and the state at once when it is shown again', async () => {
    /** Chromium headless keeps every tab visible: the page is told, as a browser would tell it. */
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    const requests: { path: string; at: number }[] = [];
    const onRequest = (request: { url(): string }) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) requests.push({ path, at: Date.now() });
    };
    // Visible, the page fetches the state at least every NOTICE_PACE_MS (5 s).
    await stateFetches(page, 1);
    page.on('request', onRequest);
    try {
      await setHidden(true);
      const hiddenAt = Date.now();
      // Longer than the slowest pace the waiting page sets, and a heartbeat's chance to fire.
      await page.waitForTimeout(8_000);
      expect(requests.filter((r) => r.at > hiddenAt + 100).map((r) => r.path)).toEqual([]);

      const fetched = stateFetches(page, 1);
      const shownAt = Date.now();
      await setHidden(false);
      await fetched;
      const first = requests.find((r) => r.at >= shownAt);
      expect(first?.path).toBe('/api/v1/queue/state');
      // At once (the fetch is started by the event itself), not at the next pace tick.
      expect(first!.at - shownAt).toBeLessThan(1_000);
    } finally {
      page.off('request', onRequest);
      await setHidden(false);
    }
  });

  it('keeps the place across a refresh and in a second tab of the same browser', async () => {
    const ticket = await figure(page, 'ticket-number');
    await page.reload();
    await waitForStep(page, 'waiting');
    expect(await figure(page, 'ticket-number')).toBe(ticket);
    const second = await browser.context.newPage();
    await second.goto(`${server.base}/`);
    await waitForStep(second, 'waiting');
    expect(await figure(second, 'ticket-number')).toBe(ticket);
    await second.close();
  });

  it('freezes the progress while the gate is paused, says so, and moves on when it reopens', async () => {
    expect((await server.app.controls.update({ gate: 'paused', admissionRatePerSec: 5 })).ok).toBe(true);
    await page.getByTestId('waiting-paused').waitFor({ timeout: 15_000 });
    expect(await figure(page, 'eta')).toContain('멈춤');
    const frozen = { position: await figure(page, 'position'), progress: await page.getByTestId('progress').getAttribute('data-value') };
    await stateFetches(page, 2);
    expect({ position: await figure(page, 'position'), progress: await page.getByTestId('progress').getAttribute('data-value') }).toEqual(frozen);
    await checkpoint(page, '9-waiting-paused', axe);

    expect((await server.app.controls.update({ gate: 'open' })).ok).toBe(true);
    await page.getByTestId('waiting-paused').waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForFunction((before) => document.querySelector('[data-testid="position"]')?.textContent !== before, frozen.position, { timeout: 15_000 });
    expect((await server.app.controls.update({ admissionRatePerSec: 0.1 })).ok).toBe(true);
  });

  it('shows a notice a commander posts within seconds, in Korean and in English; a viewer may not post one', async () => {
    const viewer = await operator('viewer');
    const commander = await operator('commander');
    const notice = {
      severity: 'warning',
      text: { ko: '카카오 인증이 혼잡합니다. PASS를 이용해 주세요', en: 'Kakao verification is congested. Please use PASS.' },
      expiresInMin: 30,
      reason: 'kakao red since 20:02',
    };
    expect(await emitAck(viewer, 'notice:post', notice)).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await emitAck(commander, 'notice:post', notice)).toMatchObject({ ok: true });

    const shown = page.getByTestId('notice').filter({ hasText: notice.text.ko });
    await shown.waitFor({ timeout: 15_000 });
    expect(await shown.textContent()).toContain('주의');
    await checkpoint(page, '10-waiting-notice', axe);

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('notice').filter({ hasText: notice.text.en }).waitFor();
    expect(page.url()).toContain('lang=en');
    expect(await figure(page, 'position')).toMatch(/^\d+$/);
    await checkpoint(page, '11-waiting-notice-en', axe);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('notice').filter({ hasText: notice.text.ko }).waitFor();
  });

  it('a commander posts a notice from the console panel (with a confirmation) and takes it down; the citizen page follows', async () => {
    const desk = await browser.context.newPage();
    await desk.setViewportSize({ width: 1600, height: 1000 });
    await desk.goto(`${server.base}/console/?lang=en`);
    await desk.getByTestId('login-username').fill('commander');
    await desk.getByTestId('login-password').fill(PASSWORD);
    await desk.getByTestId('login-submit').click();
    await desk.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 });
    await desk.getByTestId('notices-panel').waitFor();

    await desk.getByTestId('notice-new').click();
    await desk.getByTestId('notice-ko').fill('21시 이후에 접속하시면 기다리지 않으셔도 됩니다');
    await desk.getByTestId('notice-en').fill('Come after 21:00 and you will not have to wait');
    await desk.getByTestId('notice-severity').selectOption('info');
    await desk.getByTestId('notice-minutes').fill('20');
    await desk.getByTestId('notice-reason').fill('spread the 20:00 crowd');
    await desk.getByTestId('notice-review').click();
    await desk.getByTestId('notice-confirm').waitFor();
    await desk.getByTestId('notices-panel').screenshot({ path: `${CITIZEN_ARTIFACTS}/13-console-notice-confirm.png` });
    await desk.getByTestId('notice-post').click();
    await desk.getByTestId('notice-item').filter({ hasText: 'Come after 21:00' }).waitFor();
    await desk.getByTestId('notices-panel').screenshot({ path: `${CITIZEN_ARTIFACTS}/14-console-notices.png` });

    await page.getByTestId('notice').filter({ hasText: '21시 이후에 접속하시면' }).waitFor({ timeout: 15_000 });
    const item = desk.getByTestId('notice-item').filter({ hasText: 'Come after 21:00' });
    await item.getByTestId('notice-clear').click();
    await item.getByTestId('notice-clear-reason').fill('crowd has spread');
    await item.getByTestId('notice-clear-confirm').click();
    await page.getByTestId('notice').filter({ hasText: '21시 이후에 접속하시면' }).waitFor({ state: 'detached', timeout: 15_000 });
    const kinds = (await server.app.auditLog.since(0, 1000)).map((e) => e.kind).filter((k) => k.startsWith('notice_'));
    expect(kinds).toEqual(['notice_posted', 'notice_posted', 'notice_cleared']);
    await desk.close();
  });

  it('on the front door, a closed gate says when to come back and the join button rests', async () => {
    expect((await server.app.controls.update({ gate: 'closed' })).ok).toBe(true);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${server.base}/`);
    await page.getByTestId('gate-closed').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('join').isDisabled()).toBe(true);
    await checkpoint(page, '12-gate-closed', axe);
    expect((await server.app.controls.update({ gate: 'open' })).ok).toBe(true);
  });

  it('has no serious or critical accessibility violation on any of these pages, at phone and desktop widths', () => {
    expect(Object.keys(axe)).toHaveLength(10);
    expect(axe).toEqual(Object.fromEntries(Object.keys(axe).map((step) => [step, []])));
  });
});

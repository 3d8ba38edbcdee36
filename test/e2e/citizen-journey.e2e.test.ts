import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { checkpoint, waitForStep, type AxeLog } from '../support/citizen-page';
import { startCitizenServer, type CitizenServer } from '../support/citizen-server';

/**
 * A citizen's whole path in Chromium, through the real server and the simulated identity
 * providers: the front door, the queue, verification with a green provider, booking, the
 * confirmation; and a provider faulted red, which the page shows and steers away from.
 */
const PASSWORD = 'citizen-journey-password';
let server: CitizenServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const axe: AxeLog = {};

beforeAll(async () => {
  server = await startCitizenServer(PASSWORD);
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A birth date in the first (shifted) window of the 2021 calendar: birth days ending in 9. */
const BIRTH_DATE = '1985-03-09';

async function verifyAs(name: string, provider: string): Promise<void> {
  await page.getByTestId('verify-name').fill(name);
  await page.getByTestId('verify-birthdate').fill(BIRTH_DATE);
  await page.getByTestId(`provider-${provider}`).click();
  await page.getByTestId('verify-submit').click();
}

/** Through the waiting room over HTTP, as a script would: an access token. */
async function admittedOverHttp(): Promise<string> {
  const join = await fetch(`${server.base}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { ticket } = (await join.json()) as { ticket: string };
  for (let i = 0; i < 100; i++) {
    const status = (await (await fetch(`${server.base}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } })).json()) as {
      state: string;
      accessToken?: string;
    };
    if (status.state === 'admitted' && status.accessToken) return status.accessToken;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('never admitted');
}

describe('the citizen pages in Chromium', { timeout: 120_000 }, () => {
  it('gate → waiting → admitted → verifies with a green provider → books → sees the confirmation → cancels', async () => {
    // Twenty people ahead, admitted two a second: long enough to see the waiting page.
    expect((await server.app.controls.update({ admissionRatePerSec: 2 })).ok).toBe(true);
    for (let i = 0; i < 20; i++) await server.app.waitingRoom.join(undefined);

    await page.goto(`${server.base}/`);
    await page.getByTestId('rule-cohort').waitFor();
    expect(await page.getByTestId('rule-cohort').textContent()).toContain('9');
    await expect(page.getByTestId('refresh-warning').textContent()).resolves.toContain('새로고침');
    await checkpoint(page, '1-gate', axe);

    await page.getByTestId('join').click();
    await waitForStep(page, 'waiting');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="position"]')?.textContent?.replace(/\D/g, '')) > 0);
    await checkpoint(page, '2-waiting', axe);
    await page.setViewportSize({ width: 390, height: 844 });
    expect((await server.app.controls.update({ admissionRatePerSec: 100 })).ok).toBe(true);

    await waitForStep(page, 'verify', 30_000);
    await page.locator('[data-testid="provider-naver"][data-light="green"]').waitFor();
    expect(await page.getByTestId('advice').textContent()).toContain('네이버');
    await checkpoint(page, '3-verify', axe);
    await verifyAs('김민지', 'naver');

    await waitForStep(page, 'booking');
    await page.getByTestId('booking-region').selectOption('seoul');
    await page.getByTestId('booking-center').selectOption({ index: 1 });
    await page.locator('[data-testid="booking-date"] option:nth-child(2)').waitFor({ state: 'attached' });
    await page.getByTestId('booking-date').selectOption({ index: 1 });
    const vaccine = page.locator('[data-testid^="vaccine-"]').first();
    await vaccine.check();
    await checkpoint(page, '4-booking', axe);
    await page.getByTestId('book').click();

    await waitForStep(page, 'done');
    const id = (await page.getByTestId('reservation-id').textContent())!.trim();
    expect(id.length).toBeGreaterThan(4);
    const stats = await server.app.booking.stats();
    expect(stats.bookedTotal).toBe(1);
    await checkpoint(page, '5-confirmation', axe);

    await page.getByTestId('cancel').click();
    await page.getByTestId('cancel-yes').click();
    await page.getByTestId('cancelled').waitFor();
    expect((await server.app.booking.stats()).cancelledTotal).toBe(1);
    await checkpoint(page, '6-cancelled', axe);
  });

  it('shows a provider faulted red as red (word and shape), steers the citizen to a green one, and verifies there', async () => {
    const fault = await fetch(`${server.providers.url}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'kakao', kind: 'errors', rate: 1 }),
    });
    expect(fault.status).toBe(200);
    // Failing calls through the server's own gateway are what turn a light red.
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${server.base}/api/v1/identity/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await admittedOverHttp()}` },
        body: JSON.stringify({ provider: 'kakao', name: `Failing ${i}`, birthDate: BIRTH_DATE }),
      });
      expect(res.status).toBeGreaterThanOrEqual(500);
    }

    await page.evaluate(() => localStorage.clear());
    await page.goto(`${server.base}/`);
    await page.getByTestId('join').click();
    await waitForStep(page, 'verify', 30_000);
    const kakao = page.locator('[data-testid="provider-kakao"][data-light="red"]');
    await kakao.waitFor({ timeout: 15_000 });
    expect(await kakao.textContent()).toContain('■');
    expect(await kakao.textContent()).toContain('혼잡');
    expect(await page.getByTestId('advice').textContent()).not.toContain('카카오');

    await verifyAs('이서준', 'kakao');
    await page.getByTestId('steer').waitFor();
    const problem = page.getByTestId('verify-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/카카오 인증.*다른 수단.*네이버/);
    await checkpoint(page, '7-verify-red', axe);

    await page.getByTestId('provider-pass').click();
    await page.getByTestId('verify-submit').click();
    await waitForStep(page, 'booking');
  });

  it('has no serious or critical accessibility violation on any page, at phone and desktop widths', () => {
    expect(Object.keys(axe).length).toBeGreaterThanOrEqual(14);
    expect(axe).toEqual(Object.fromEntries(Object.keys(axe).map((step) => [step, []])));
  });
});

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from '../support/chromium';
import { startConsoleServer } from '../support/console-server';

/**
 * The number citizens care about most must never be clipped: the ETA tile's text fits its box
 * at every width the console supports, in Korean and in wall mode, with the longest range the
 * headline form produces (hours with a decimal).
 */
const PASSWORD = 'eta-tile-password';
let app: FastifyInstance;
let base: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  ({ app, base } = await startConsoleServer(PASSWORD));
  // 600 waiting at 0.01 admissions a second: the last in line waits about 16.7 hours.
  expect((await app.controls.update({ admissionRatePerSec: 0.01 })).ok).toBe(true);
  for (let i = 0; i < 600; i++) await app.waitingRoom.join(undefined);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** How far the ETA value's text sticks out of its box, in CSS pixels (0 when it fits). */
async function overflow(page: Page): Promise<{ text: string; overflowPx: number }> {
  return page.getByTestId('tile-eta-value').evaluate((el) => {
    const tile = el.closest('.tile')!.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    return { text: el.textContent ?? '', overflowPx: Math.max(0, el.scrollWidth - el.clientWidth, text.right - tile.right, tile.left - text.left) };
  });
}

describe('the ETA tile in Chromium', { timeout: 90_000 }, () => {
  it('fits its box at 1280, 1600 and 1920 px and in wall mode at 1920 px, in Korean', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/console/`);
    await page.getByTestId('login-username').fill('viewer');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => /시간/.test(document.querySelector('[data-testid="tile-eta-value"]')?.textContent ?? ''), null, { timeout: 15_000 });

    const seen: string[] = [];
    for (const [width, wall] of [
      [1280, false],
      [1600, false],
      [1920, false],
      [1920, true],
    ] as const) {
      await page.setViewportSize({ width, height: 1080 });
      if (wall !== ((await page.getByTestId('dashboard').getAttribute('data-wall')) === 'true')) await page.getByTestId('toggle-wall').click();
      await page.locator(`[data-testid="dashboard"][data-wall="${wall}"]`).waitFor();
      const measured = await overflow(page);
      expect(measured.text).toMatch(/^\d+\.\d–\d+\.\d시간$/);
      expect(measured.overflowPx, `${width} px${wall ? ' wall' : ''}: "${measured.text}"`).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, `eta-tile-${width}${wall ? '-wall' : ''}.png`) });
      seen.push(`${width}${wall ? ' wall' : ''}`);
    }
    expect(seen).toEqual(['1280', '1600', '1920', '1920 wall']);
  });
});

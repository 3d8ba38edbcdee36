import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { axeFindings, seriousOrWorse, type AxeFinding } from './axe';
import { ARTIFACTS } from './chromium';

/** Where the citizen pages' screenshots go (gitignored, looked at by people). */
export const CITIZEN_ARTIFACTS = join(ARTIFACTS, 'citizen');

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

/** Every step's axe findings at each width, for one assertion at the end. */
export type AxeLog = Record<string, AxeFinding[]>;

/**
 * One step of the citizen's path, looked at as people would: at phone and desktop widths, a
 * full-page screenshot each, and axe-core's findings (serious and critical ones kept in `log`).
 * Leaves the page at desktop width.
 */
export async function checkpoint(page: Page, step: string, log: AxeLog): Promise<void> {
  mkdirSync(CITIZEN_ARTIFACTS, { recursive: true });
  for (const [name, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    await page.screenshot({ path: join(CITIZEN_ARTIFACTS, `${step}-${name}.png`), fullPage: true });
    log[`${step} @ ${name}`] = seriousOrWorse(await axeFindings(page));
  }
}

/** The page's current step, from the main element's test id (`page-gate`, `page-waiting`, …). */
export async function waitForStep(page: Page, step: 'gate' | 'waiting' | 'verify' | 'booking' | 'done', timeout = 15_000): Promise<void> {
  await page.locator(`[data-testid="page-${step}"]`).waitFor({ timeout });
}

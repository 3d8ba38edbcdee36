import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, runScenario } from '../../simulator/crowd/run-scenario';
import { DrillRunner } from '../../simulator/drill-runner/drill-runner';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { reportMarkdown } from '../../simulator/report/report-markdown';
import { ARTIFACTS, launchChromium } from '../support/chromium';
import { startConsoleServer } from '../support/console-server';
import { SIMULATOR_KEY } from '../support/runner-client';

/**
 * A trainer runs the `smoke` drill from the console in Chromium against a real server, the
 * provider simulator and the real drill runner (the crowd engine's runScenario): pick, confirm,
 * the DRILL banner with its badges, progress numbers that move, and the report in the list.
 */
const PASSWORD = 'drill-e2e-password';

let providers: ProviderSimulator;
let app: FastifyInstance;
let base: string;
let runner: DrillRunner;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const runnerLog: string[] = [];

beforeAll(async () => {
  providers = await startProviderSimulator({ port: 0 });
  ({ app, base } = await startConsoleServer(PASSWORD, { simulatorKey: SIMULATOR_KEY, providersUrl: providers.url }));
  runner = new DrillRunner({
    serverUrl: base,
    providersUrl: providers.url,
    key: SIMULATOR_KEY,
    library: { listScenarios, loadScenario, runScenario, reportMarkdown },
    hidden: ['background'],
    log: (line) => runnerLog.push(line),
  });
  await runner.start();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runner?.close();
  await app?.close();
  await providers?.close();
});

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${base}/console/?lang=en`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator(`[data-testid="role"][data-role="${username}"]`).waitFor();
  await page.locator('[data-testid="connection"][data-status="live"]').waitFor({ timeout: 15_000 });
}

describe('a drill from the console', { timeout: 300_000 }, () => {
  it('a trainer picks smoke, confirms, sees the banner and moving numbers, and the report appears', async (context) => {
    const page = await browser.context.newPage();
    context.onTestFailed(() => console.error(`drill runner: ${runnerLog.join('\n')}`));
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await logIn(page, 'trainer');
    const commander = await browser.context.newPage();
    await logIn(commander, 'commander');
    expect(await commander.getByTestId('drill-panel').count()).toBe(0);
    // Pages in one context are tabs: the one in front renders, so each is brought forward to be used.
    await page.bringToFront();

    // The picker lists the runner's bundled scenarios, not the background crowd's.
    await page.getByTestId('scenario-smoke').waitFor({ timeout: 30_000 });
    const names = await page.locator('.scenario-name').allInnerTexts();
    expect(names).toContain('smoke');
    expect(names).not.toContain('background');
    expect(await page.getByTestId('drill-start').isDisabled()).toBe(true);
    await page.getByTestId('scenario-smoke').check({ timeout: 60_000 });
    await page.getByTestId('drill-start').click();
    await page.getByTestId('drill-confirm').waitFor();
    expect(await page.getByTestId('drill-confirm').innerText()).toContain('Start the drill “smoke” at scale 1:1, time ×1');
    await page.getByTestId('drill-panel').screenshot({ path: join(ARTIFACTS, 'drill-confirm.png') });
    await page.getByTestId('drill-confirm-start').click();

    await page.getByTestId('drill-banner').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('drill-banner').count()).toBe(2);
    expect(await page.getByTestId('scale-badge').first().innerText()).toBe('scale 1:1');
    expect(await page.getByTestId('time-factor-badge').first().innerText()).toBe('time ×1');
    expect(await page.getByTestId('training-tag').count()).toBe(0);

    // Numbers move: the crowd's counts change from one progress to the next.
    await page.getByTestId('drill-crowd').waitFor({ timeout: 30_000 });
    const first = await page.getByTestId('drill-crowd').innerText();
    await expect.poll(() => page.getByTestId('drill-crowd').innerText(), { timeout: 20_000, interval: 500 }).not.toBe(first);
    // The trainer sees the fault coming (smoke: kakao errors at 8 s) until it has come.
    await expect.poll(() => page.getByTestId('drill-progress').innerText(), { timeout: 5000 }).toMatch(/phase /);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'drill-running.png') });
    // The room sees the drill and its progress, never the fault coming.
    await commander.bringToFront();
    await commander.getByTestId('drill-crowd').waitFor({ timeout: 30_000 });
    expect(await commander.getByTestId('drill-next-fault').count()).toBe(0);
    await commander.screenshot({ path: join(ARTIFACTS, 'drill-commander.png') });
    await commander.close();
    await page.bringToFront();

    // At the end: the banner goes, the report is listed and readable.
    await page.getByTestId('drill-banner').first().waitFor({ state: 'detached', timeout: 150_000 });
    await page.getByTestId('report-row').first().waitFor({ timeout: 20_000 });
    const row = await page.getByTestId('report-row').first().innerText();
    expect(row).toContain('smoke');
    await page.getByTestId('report-view-button').first().click();
    await page.getByTestId('report-view').waitFor();
    expect(await page.getByTestId('report-tickets-lost').innerText()).toBe('0');
    expect(await page.getByTestId('report-overbooked').innerText()).toBe('0');
    expect(await page.getByTestId('report-verdict').innerText()).toMatch(/PASSED|FAILED/);
    await page.getByTestId('reports-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'drill-report.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { CITIZEN_ARTIFACTS, waitForStep } from '../support/citizen-page';
import { startCitizenServer, type CitizenServer } from '../support/citizen-server';

/** What a waiting citizen's browser downloads of JavaScript and CSS must stay small: millions load it at once. */
const BUDGET_GZIP_BYTES = 60 * 1024;

let server: CitizenServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = await startCitizenServer('citizen-size-password');
  expect((await server.app.controls.update({ gate: 'paused' })).ok).toBe(true);
  browser = await launchChromium({ width: 390, height: 844 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the citizen pages’ size budget', { timeout: 60_000 }, () => {
  it('the waiting page loads under 60 KB of JavaScript and CSS, gzipped', async () => {
    const page = await browser.context.newPage();
    const loaded: { url: string; type: string; bytes: number; gzip: number }[] = [];
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (type !== 'script' && type !== 'stylesheet') return;
      pending.push(
        response.body().then((body) => {
          loaded.push({ url: new URL(response.url()).pathname, type, bytes: body.length, gzip: gzipSync(body).length });
        }),
      );
    });
    await page.goto(`${server.base}/`);
    await page.getByTestId('join').click();
    await waitForStep(page, 'waiting');
    await page.getByTestId('waiting-paused').waitFor();
    await Promise.all(pending);

    const total = loaded.reduce((sum, file) => sum + file.gzip, 0);
    mkdirSync(CITIZEN_ARTIFACTS, { recursive: true });
    writeFileSync(join(CITIZEN_ARTIFACTS, 'size.json'), JSON.stringify({ budgetGzipBytes: BUDGET_GZIP_BYTES, totalGzipBytes: total, files: loaded }, null, 2));
    console.log(`citizen waiting page: ${loaded.length} files, ${(total / 1024).toFixed(1)} KB of JS + CSS gzipped (budget 60 KB)`);
    expect(loaded.map((file) => file.type).sort()).toEqual(['script', 'stylesheet']);
    expect(total).toBeLessThan(BUDGET_GZIP_BYTES);
    await page.close();
  });

  it('serves index.html for revalidation every time and the hashed assets for a year', async () => {
    const index = await fetch(`${server.base}/`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    for (const asset of [script, style]) {
      const res = await fetch(`${server.base}${asset}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    const english = await fetch(`${server.base}/?lang=en`);
    expect(english.status).toBe(200);
    expect((await fetch(`${server.base}/api/v1/no-such-route`)).status).toBe(404);
  });
});

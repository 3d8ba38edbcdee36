import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { CONSOLE_DIST, consoleStatic } from '../../../server/http/console-static';

describe('console static files', () => {
  it('answers 503 naming the build command when the console is not built', async () => {
    const app = Fastify();
    await app.register(consoleStatic, { root: join(CONSOLE_DIST, 'does-not-exist') });
    for (const url of ['/console', '/console/', '/console/assets/x.js']) {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: 'console_not_built' });
      expect(res.json().message).toContain('npm run build:console');
    }
    await app.close();
  });

  it.runIf(existsSync(join(CONSOLE_DIST, 'index.html')))('serves the built console at /console/ from the app, assets cached for good', async () => {
    const app = await buildApp(testConfig());
    const page = await app.inject('/console/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await app.inject(script!);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const bare = await app.inject('/console?wall=1');
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/console/?wall=1');
    await app.close();
  });
});

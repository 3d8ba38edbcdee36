import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { build } from 'vite';
import { buildApp } from '../../server/app';
import { testConfig, type Config } from '../../server/config';
import { CONSOLE_DIST } from '../../server/http/console-static';
import { seedDemoOperators } from '../../server/operators/demo-operators';
import { freePort } from './redis-server';

/**
 * A training server on the memory store for browser tests: the built console (built here when a
 * lone `vitest run` finds none), admission ticking, snapshots every second, demo operators with `password`.
 */
export async function startConsoleServer(password: string, overrides: Partial<Config> = {}): Promise<{ app: FastifyInstance; base: string }> {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) await build({ configFile: join(process.cwd(), 'vite.config.ts'), logLevel: 'warn' });
  const config = testConfig({ port: await freePort(), tickIntervalMs: 100, controlsRefreshMs: 1000, healthSyncMs: 1000, demoPassword: password, ...overrides });
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  await seedDemoOperators(app);
  return { app, base: `http://127.0.0.1:${config.port}` };
}

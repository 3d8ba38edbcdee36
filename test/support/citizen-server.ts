import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { build } from 'vite';
import { buildApp } from '../../server/app';
import { testConfig, type Config } from '../../server/config';
import { CITIZEN_DIST } from '../../server/http/citizen-static';
import { seedDemoOperators } from '../../server/operators/demo-operators';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { fastIdentityConfig } from '../server/identity/admitted-citizen';
import { freePort } from './redis-server';

export interface CitizenServer {
  app: FastifyInstance;
  base: string;
  providers: ProviderSimulator;
  close(): Promise<void>;
}

/** Builds the citizen pages when a lone `vitest run` finds none (`npm test` builds them first). */
export async function ensureCitizenBuilt(): Promise<void> {
  if (!existsSync(join(CITIZEN_DIST, 'index.html'))) await build({ configFile: join(process.cwd(), 'vite.citizen.config.ts'), logLevel: 'warn' });
}

/**
 * A training server on the memory store for the citizen pages' browser tests, with the identity
 * providers simulated (fast and healthy until a test injects a fault), admission ticking, and the
 * demo operators with `password`. A measured light stays red for a minute after its failures.
 */
export async function startCitizenServer(password: string, overrides: Partial<Config> = {}): Promise<CitizenServer> {
  await ensureCitizenBuilt();
  const providers = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
  const config = testConfig({
    port: await freePort(),
    tickIntervalMs: 100,
    controlsRefreshMs: 1000,
    healthSyncMs: 1000,
    demoPassword: password,
    providersUrl: providers.url,
    identity: { ...fastIdentityConfig(), windowSec: 60 },
    joinsPerSecPerIp: 1_000_000,
    ...overrides,
  });
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  await seedDemoOperators(app);
  return {
    app,
    base: `http://127.0.0.1:${config.port}`,
    providers,
    async close() {
      await app.close();
      await providers.close();
    },
  };
}

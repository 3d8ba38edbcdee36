import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../server/app';
import { ManualClock } from '../../server/clock';
import { testConfig, type Config } from '../../server/config';
import { RedisServer } from './redis-server';

export const STORE_KINDS = ['memory', 'redis'] as const;

/**
 * Inside a `describe` for one store kind: a private Redis for the block when the kind is `redis`, and
 * a maker of apps on it, each under a key prefix of its own (`prefix` + a counter), with a manual clock.
 */
export function appsOn(
  kind: (typeof STORE_KINDS)[number],
  prefix: string,
  defaults: Partial<Config> = {},
): (overrides?: Partial<Config>) => Promise<{ app: FastifyInstance; clock: ManualClock }> {
  let redis: RedisServer | undefined;
  let count = 0;
  beforeAll(async () => {
    if (kind === 'redis') redis = await new RedisServer().start();
  });
  afterAll(() => redis?.stop());
  return async (overrides = {}) => {
    const clock = new ManualClock();
    const config = testConfig({ redisUrl: redis?.url, keyPrefix: `${prefix}${count++}`, ...defaults, ...overrides });
    return { app: await buildApp(config, { clock }), clock };
  };
}

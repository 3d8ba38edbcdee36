import type { Config } from '../config';
import { createMemoryStore } from './memory';
import type { Store } from './port';
import { createRedisStore } from './redis';

export * from './port';

export async function openStore(config: Pick<Config, 'redisUrl' | 'keyPrefix' | 'nodeId'>): Promise<Store> {
  return config.redisUrl ? createRedisStore(config.redisUrl, config.keyPrefix, config.nodeId) : createMemoryStore();
}

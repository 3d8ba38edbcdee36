import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { TrustProxy } from '../config';
import type { Store } from '../store';
import type { RedisStore } from '../store/redis';

/**
 * The rate-limit plugin's options. With Redis every limit is counted there, one counter per key
 * for the whole cluster (one small script per check, on the store's connection, under the key
 * prefix's hash tag), so N nodes do not allow N times the limit. With the memory store (one
 * process) the counters stay in this process, in an LRU per limiter sized by `LIMITER_KEYS`.
 * A store that cannot be reached lets the check pass (`skipOnError`): the route itself then
 * answers 503 store_unavailable.
 */
export function rateLimitOptions(store: Store): RateLimitPluginOptions {
  if (isRedisStore(store)) return { global: false, redis: store.redis, nameSpace: `${store.key('rl')}:`, skipOnError: true };
  return { global: false };
}

/**
 * How many keys each in-process limiter remembers (memory store only; an LRU: the oldest key is
 * forgotten first, and with it its count): about 7 MB when full, reached only when that many
 * different addresses try to log in within a minute. The join limits are counted by the store in
 * the join's own step (`QueueStore.joinWithin`; the memory store's LRUs are `JOIN_LIMIT_KEYS`).
 */
export const LIMITER_KEYS = { logins: 10_000 } as const;

function isRedisStore(store: Store): store is RedisStore {
  return store.kind === 'redis' && 'redis' in store;
}

/**
 * Fastify's `trustProxy` from ours. A hop count becomes "trust the n addresses nearest the
 * socket" (Fastify 5 refuses a bare number): behind one load balancer, the address it appended to
 * `X-Forwarded-For` is the client, whatever the client wrote before it. Only sound when the
 * nodes are reachable through the proxies alone; a list of proxy addresses is safer.
 */
export function trustProxyOption(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StoreUnavailableError, type Store } from '../port';
import { RedisBookingStore } from './booking';
import { RedisAuditStore } from './audit';
import { RedisBus } from './bus';
import { connectRedis, guarded, recycleWhenStalled, waitReady } from './connection';
import { RedisConsoleStore } from './console';
import { RedisControlsStore } from './controls';
import { RedisDrillStore } from './drills';
import { RedisIdentityStore } from './identity';
import { keyspace, type Keyspace } from './keys';
import { RedisNoticeStore } from './notices';
import { RedisLeaseStore } from './leases';
import { RedisOperatorStore } from './operators';
import { RedisQueueStore } from './queue';

export interface RedisStore extends Store {
  readonly kind: 'redis';
  /** The command connection, for capabilities that add their own scripts. */
  readonly redis: Redis;
  readonly key: Keyspace;
}

export async function createRedisStore(url: string, prefix: string, nodeId = 'sluice'): Promise<RedisStore> {
  const redis = connectRedis(url, `${nodeId}-cmd`);
  const subscriber = connectRedis(url, `${nodeId}-sub`);
  subscriber.options.enableOfflineQueue = true;
  // Errors surface through command results and ping(); unhandled 'error' events would crash.
  redis.on('error', () => {});
  subscriber.on('error', () => {});
  try {
    await Promise.all([waitReady(redis), waitReady(subscriber)]);
  } catch (err) {
    redis.disconnect();
    subscriber.disconnect();
    throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
  }
  const key = keyspace(prefix);
  const unwatch = [recycleWhenStalled(redis), recycleWhenStalled(subscriber)];
  return {
    kind: 'redis',
    redis,
    key,
    queue: new RedisQueueStore(redis, key),
    booking: new RedisBookingStore(redis, key),
    controls: new RedisControlsStore(redis, key),
    operators: new RedisOperatorStore(redis, key),
    audit: new RedisAuditStore(redis, key),
    console: new RedisConsoleStore(redis, key),
    drills: new RedisDrillStore(redis, key),
    notices: new RedisNoticeStore(redis, key),
    identity: new RedisIdentityStore(redis, key),
    leases: new RedisLeaseStore(redis, key),
    bus: new RedisBus(redis, subscriber, `${prefix}:`),
    epoch: () =>
      guarded(async () => {
        await redis.set(key('epoch'), randomUUID(), 'NX');
        const epoch = await redis.get(key('epoch'));
        if (!epoch) throw new StoreUnavailableError(new Error('the epoch key vanished'));
        return epoch;
      }),
    ping: () =>
      guarded(async () => {
        const started = performance.now();
        await redis.ping();
        return performance.now() - started;
      }),
    close: async () => {
      for (const stop of unwatch) stop();
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}

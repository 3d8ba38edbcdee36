import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '../../server/store/memory';
import type { Store } from '../../server/store';
import { createRedisStore } from '../../server/store/redis';
import { RedisCluster } from './redis-cluster';
import { RedisServer } from './redis-server';

export interface StoreFactory {
  kind: 'memory' | 'redis' | 'redis-cluster';
  /** A fresh, empty store each call (own key prefix on the shared private server). */
  open(): Promise<Store>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

export function memoryFactory(): StoreFactory {
  return { kind: 'memory', open: async () => createMemoryStore(), setup: async () => {}, teardown: async () => {} };
}

export function redisFactory(): StoreFactory & { server: () => RedisServer } {
  let server: RedisServer | undefined;
  const opened: Store[] = [];
  return {
    kind: 'redis',
    server: () => {
      if (!server) throw new Error('setup() first');
      return server;
    },
    setup: async () => {
      server = await new RedisServer().start();
    },
    open: async () => {
      if (!server) throw new Error('setup() first');
      const store = await createRedisStore(server.url, `t${randomBytes(4).toString('hex')}`);
      opened.push(store);
      return store;
    },
    teardown: async () => {
      await Promise.all(opened.map((s) => s.close()));
      await server?.stop();
    },
  };
}

/** The Redis adapter against a private three-master Redis Cluster (`redis+cluster://`). */
export function redisClusterFactory(): StoreFactory {
  let cluster: RedisCluster | undefined;
  const opened: Store[] = [];
  return {
    kind: 'redis-cluster',
    setup: async () => {
      cluster = await new RedisCluster().start();
    },
    open: async () => {
      if (!cluster) throw new Error('setup() first');
      const store = await createRedisStore(cluster.url, `t${randomBytes(4).toString('hex')}`);
      opened.push(store);
      return store;
    },
    teardown: async () => {
      await Promise.all(opened.map((s) => s.close()));
      await cluster?.stop();
    },
  };
}

/** The same suite runs against both adapters, the Redis one on a single server and on a Cluster. */
export const storeFactories = (): StoreFactory[] => [memoryFactory(), redisFactory(), redisClusterFactory()];

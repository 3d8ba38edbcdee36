import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../port';

const CLUSTER_SCHEME = 'redis+cluster://';

/** `redis+cluster://host:port,host:port,…`: a Redis Cluster named by its seed nodes. */
export function isClusterUrl(url: string): boolean {
  return url.startsWith(CLUSTER_SCHEME);
}

function clusterSeeds(url: string): { host: string; port: number }[] {
  return url
    .slice(CLUSTER_SCHEME.length)
    .split('/')[0]!
    .split(',')
    .map((seed) => {
      const [host, port] = seed.trim().split(':');
      return { host: host || '127.0.0.1', port: Number(port || 6379) };
    });
}

/**
 * A client for `url`: one Redis, or a Redis Cluster. A Cluster client speaks the same commands,
 * scripts and pub/sub as a single connection, and every key of ours carries one hash tag
 * (keys.ts), so each script and MULTI lands on one slot; it is typed as a Redis for the adapters.
 */
export function openRedis(url: string, options: RedisOptions & { enableAutoPipelining?: boolean }): Redis {
  if (!isClusterUrl(url)) return new Redis(url, options);
  const { enableOfflineQueue, enableAutoPipelining, lazyConnect, retryStrategy, ...redisOptions } = options;
  const cluster = new Cluster(clusterSeeds(url), {
    redisOptions,
    enableOfflineQueue,
    enableAutoPipelining,
    lazyConnect,
    clusterRetryStrategy: retryStrategy ? (attempt) => retryStrategy(attempt) : undefined,
  });
  return cluster as unknown as Redis;
}

/**
 * Commands fail fast while Redis is away (no offline queue), so requests answer 503 at once
 * instead of piling up; ioredis keeps reconnecting in the background.
 */
export function connectRedis(url: string, name: string): Redis {
  return openRedis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 2000,
    // TCP keep-alive probes: a host that died without closing the connection is noticed in seconds.
    keepAlive: 5000,
    // Commands issued in the same tick leave in one write: under load that saves a syscall each.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1000),
    lazyConnect: true,
  });
}

export interface StallWatchOptions {
  /** How often the connection is probed with PING. */
  everyMs?: number;
  /** A PING not answered within this counts as a miss (and so does a ready check pending this long). */
  answerWithinMs?: number;
  /** Consecutive misses before the connection is dropped and made anew. */
  misses?: number;
}

/**
 * Recycles a connection that went silent. ioredis reconnects when a socket closes, but a stalled
 * one (a blackholed network path, a peer that froze) stays open: commands time out one after
 * another and, once the path heals, replies no longer match the commands still queued. So the
 * connection is probed once a second; after `misses` PINGs in a row go unanswered (or a new
 * connection's ready check stays unanswered as long), it is disconnected and made anew. Returns
 * the function that stops the watch.
 */
export function recycleWhenStalled(redis: Redis, options: StallWatchOptions = {}): () => void {
  const { everyMs = 1000, answerWithinMs = 1000, misses = 2 } = options;
  let missed = 0;
  let unreadySince: number | undefined;
  const recycle = () => {
    missed = 0;
    unreadySince = undefined;
    redis.disconnect(true);
  };
  const timer = setInterval(() => {
    if (redis.status === 'connect') {
      // Connected, but the ready check (INFO) has had no answer.
      unreadySince ??= performance.now();
      if (performance.now() - unreadySince >= answerWithinMs * misses) recycle();
      return;
    }
    unreadySince = undefined;
    if (redis.status !== 'ready') return;
    let answered = false;
    // Judged after the next I/O poll: a reply already read off the socket after a busy spell counts.
    const deadline = setTimeout(
      () =>
        setImmediate(() => {
          if (answered || redis.status !== 'ready') return;
          if (++missed >= misses) recycle();
        }),
      answerWithinMs,
    );
    deadline.unref();
    redis.ping().then(
      () => {
        answered = true;
        missed = 0;
      },
      () => {},
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function waitReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  if (redis.status === 'wait') await redis.connect().catch(() => {});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new StoreUnavailableError(new Error(`redis not ready after ${timeoutMs} ms`)));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    if (redis.status === 'ready') onReady();
    else redis.on('ready', onReady);
  });
}

/** Wraps a store call: any connection-level failure becomes StoreUnavailableError. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/ERR|WRONGTYPE|NOSCRIPT/.test(message) && !/Connection|connect|writeable|timed out|ECONN/i.test(message)) throw err;
    throw new StoreUnavailableError(err);
  }
}

import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store';
import type { RedisStore } from '../store/redis';

/**
 * A confirmed reservation must survive a Redis crash: that takes `appendonly yes` with
 * `appendfsync always` (the reply leaves only after the write reached the disk). Says so at start.
 */
export async function checkDurability(store: Store, log: FastifyBaseLogger): Promise<void> {
  if (store.kind !== 'redis') return;
  const redis = (store as RedisStore).redis;
  try {
    const [, appendonly] = await redis.config('GET', 'appendonly');
    const [, fsync] = await redis.config('GET', 'appendfsync');
    if (appendonly !== 'yes') {
      log.warn('Redis runs without the append-only file: a crash loses confirmed reservations. Set appendonly yes and appendfsync always.');
    } else if (fsync !== 'always') {
      log.warn({ appendfsync: fsync }, 'Redis appendfsync is not "always": a crash of the host may lose up to a second of confirmed reservations.');
    }
  } catch (err) {
    log.info({ err }, 'could not read the Redis persistence settings (CONFIG may be disabled); make sure appendonly yes, appendfsync always');
  }
}

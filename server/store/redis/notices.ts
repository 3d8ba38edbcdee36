import type { Redis } from 'ioredis';
import type { Notice } from '../../../protocol';
import type { NoticeStore } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';

/**
 * One hash (id -> notice JSON) and a sorted set of ids by expiry, so expired notices are dropped
 * by score without reading them. A board holds a handful of notices; reading it all is cheap.
 */
export class RedisNoticeStore implements NoticeStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {}

  post(notice: Notice): Promise<void> {
    return guarded(async () => {
      await this.dropExpired(notice.postedAt);
      await this.redis
        .multi()
        .hset(this.key('notices'), notice.id, JSON.stringify(notice))
        .zadd(this.key('notices:expiry'), notice.expiresAt, notice.id)
        .exec();
    });
  }

  clear(id: string, now: number): Promise<Notice | null> {
    return guarded(async () => {
      await this.dropExpired(now);
      const result = await this.redis.multi().hget(this.key('notices'), id).hdel(this.key('notices'), id).zrem(this.key('notices:expiry'), id).exec();
      const json = result?.[0]?.[1] as string | null | undefined;
      return json ? (JSON.parse(json) as Notice) : null;
    });
  }

  active(now: number): Promise<Notice[]> {
    return guarded(async () => {
      const all = await this.redis.hvals(this.key('notices'));
      return all
        .map((json) => JSON.parse(json) as Notice)
        .filter((n) => n.expiresAt > now)
        .sort((a, b) => b.postedAt - a.postedAt || b.id.localeCompare(a.id));
    });
  }

  private async dropExpired(now: number): Promise<void> {
    const expired = await this.redis.zrangebyscore(this.key('notices:expiry'), '-inf', now);
    if (expired.length === 0) return;
    await this.redis
      .multi()
      .hdel(this.key('notices'), ...expired)
      .zrem(this.key('notices:expiry'), ...expired)
      .exec();
  }
}

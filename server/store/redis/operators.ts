import type { Redis } from 'ioredis';
import type { OperatorRecord, OperatorStore } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';

/** One hash, username -> record JSON; HSETNX makes creation race-free. */
export class RedisOperatorStore implements OperatorStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {}

  create(record: OperatorRecord): Promise<boolean> {
    return guarded(async () => (await this.redis.hsetnx(this.key('operators'), record.username, JSON.stringify(record))) === 1);
  }

  get(username: string): Promise<OperatorRecord | null> {
    return guarded(async () => {
      const json = await this.redis.hget(this.key('operators'), username);
      return json ? (JSON.parse(json) as OperatorRecord) : null;
    });
  }

  list(): Promise<OperatorRecord[]> {
    return guarded(async () => {
      const all = await this.redis.hvals(this.key('operators'));
      return all.map((json) => JSON.parse(json) as OperatorRecord).sort((a, b) => a.username.localeCompare(b.username));
    });
  }
}

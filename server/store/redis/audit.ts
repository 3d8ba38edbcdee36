import type { Redis } from 'ioredis';
import type { AuditEntry } from '../../../protocol';
import type { AuditStore } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';

type StreamEntry = [id: string, fields: string[]];

function fromStream([id, fields]: StreamEntry): AuditEntry {
  return { ...(JSON.parse(fields[1] ?? '{}') as Omit<AuditEntry, 'id'>), id };
}

/** A capped stream: the entry id is the stream id, so `since` is an XRANGE. */
export class RedisAuditStore implements AuditStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
    private readonly maxEntries = 100_000,
  ) {}

  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    return guarded(async () => {
      const id = await this.redis.xadd(this.key('audit'), 'MAXLEN', '~', this.maxEntries, '*', 'e', JSON.stringify(entry));
      return { ...structuredClone(entry), id: String(id) };
    });
  }

  since(since: number, limit: number): Promise<AuditEntry[]> {
    return guarded(async () => {
      const rows = (await this.redis.xrange(this.key('audit'), `${Math.floor(since)}-0`, '+', 'COUNT', limit)) as StreamEntry[];
      return rows.map(fromStream);
    });
  }
}

import type { Redis } from 'ioredis';
import type { AuditEntry } from '../../../protocol';
import type { AuditStore } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/**
 * The entry's own time is its stream id (`<ms>-<seq>`), kept monotonic, so `since` means
 * "written at or after" whatever clock the app runs on. KEYS[1] stream; ARGV: at, max length, JSON.
 */
export const AUDIT_APPEND_FUNCTION = `
local function appendAudit(stream, at, maxEntries, json)
  at = tonumber(at)
  local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
  if #last > 0 then
    local lastMs = tonumber(string.match(last[1][1], '^(%d+)'))
    if lastMs > at then at = lastMs end
  end
  return redis.call('XADD', stream, 'MAXLEN', '~', maxEntries, string.format('%d-*', at), 'e', json)
end
`;

/** How many entries the capped stream keeps. */
export const AUDIT_MAX_ENTRIES = 100_000;

const APPEND_LUA = `${AUDIT_APPEND_FUNCTION}
return appendAudit(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
`;

type StreamEntry = [id: string, fields: string[]];

function fromStream([id, fields]: StreamEntry): AuditEntry {
  return { ...(JSON.parse(fields[1] ?? '{}') as Omit<AuditEntry, 'id'>), id };
}

/** A capped stream: the entry id is the stream id, so `since` is an XRANGE. */
export class RedisAuditStore implements AuditStore {
  private readonly appendScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
    private readonly maxEntries = AUDIT_MAX_ENTRIES,
  ) {
    this.appendScript = defineScript(redis, 'sluiceAuditAppend', 1, APPEND_LUA);
  }

  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    return guarded(async () => {
      const id = await this.appendScript([this.key('audit')], [Math.floor(entry.at), this.maxEntries, JSON.stringify(entry)]);
      return { ...structuredClone(entry), id: String(id) };
    });
  }

  since(since: number, limit: number): Promise<AuditEntry[]> {
    return guarded(async () => {
      // A stream id's time is a whole number: a time past any id (or not a number) finds nothing, never an error.
      if (!(since <= Number.MAX_SAFE_INTEGER)) return [];
      const from = Math.max(0, Math.floor(since));
      const rows = (await this.redis.xrange(this.key('audit'), `${from}-0`, '+', 'COUNT', limit)) as StreamEntry[];
      return rows.map(fromStream);
    });
  }
}

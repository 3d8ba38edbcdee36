import type { Redis } from 'ioredis';
import { summaryOf, type DrillProgress, type DrillReportSummary, type DrillState } from '../../../protocol';
import type { DrillStore, StoredDrillReport } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/** Ends the running drill when its id is ARGV[1]. KEYS[1] the console's drill key. Returns the drill's JSON or false. */
const END_DRILL_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return false end
local drill = cjson.decode(current)
if not drill.running or drill.id ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return current
`;

/**
 * Stores a report and its summary, indexes it by end time, and drops the oldest beyond the limit.
 * KEYS: reports hash, summaries hash, index zset. ARGV: id, stored JSON, summary JSON, endedAt, keep.
 */
const SAVE_REPORT_LUA = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
local extra = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[5])
if extra > 0 then
  local old = redis.call('ZRANGE', KEYS[3], 0, extra - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, extra - 1)
  redis.call('HDEL', KEYS[1], unpack(old))
  redis.call('HDEL', KEYS[2], unpack(old))
end
return 1
`;

const PROGRESS_TTL_SEC = 60;

export class RedisDrillStore implements DrillStore {
  private readonly endScript: ScriptRunner;
  private readonly saveScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.endScript = defineScript(redis, 'sluiceEndDrill', 1, END_DRILL_LUA);
    this.saveScript = defineScript(redis, 'sluiceSaveDrillReport', 3, SAVE_REPORT_LUA);
  }

  saveProgress(progress: DrillProgress): Promise<void> {
    return guarded(async () => {
      await this.redis.set(this.key('drills:progress'), JSON.stringify(progress), 'EX', PROGRESS_TTL_SEC);
    });
  }

  progress(): Promise<DrillProgress | null> {
    return guarded(async () => {
      const json = await this.redis.get(this.key('drills:progress'));
      return json ? (JSON.parse(json) as DrillProgress) : null;
    });
  }

  endDrill(id: string): Promise<DrillState | null> {
    return guarded(async () => {
      const json = (await this.endScript([this.key('console:drill')], [id])) as string | null;
      return json ? (JSON.parse(json) as DrillState) : null;
    });
  }

  saveReport(stored: StoredDrillReport, keep: number): Promise<void> {
    const { report } = stored;
    return guarded(async () => {
      await this.saveScript(
        [this.key('drills:reports'), this.key('drills:summaries'), this.key('drills:index')],
        [report.id, JSON.stringify(stored), JSON.stringify(summaryOf(report)), report.endedAt, keep],
      );
    });
  }

  reports(limit: number): Promise<DrillReportSummary[]> {
    return guarded(async () => {
      const ids = await this.redis.zrevrange(this.key('drills:index'), 0, limit - 1);
      if (ids.length === 0) return [];
      const found = await this.redis.hmget(this.key('drills:summaries'), ...ids);
      return found.filter((json): json is string => json !== null).map((json) => JSON.parse(json) as DrillReportSummary);
    });
  }

  report(id: string): Promise<StoredDrillReport | null> {
    return guarded(async () => {
      const json = await this.redis.hget(this.key('drills:reports'), id);
      return json ? (JSON.parse(json) as StoredDrillReport) : null;
    });
  }
}

import type { Redis } from 'ioredis';
import type { HealthFlush, HealthRead, IdentityStore, VerificationAttempt, VerificationRecord } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/**
 * The 10-minute rule. The stored value carries the time of the verification, checked against the
 * caller's clock; the key's TTL only clears it away afterwards.
 */
const RECORD_VERIFICATION_LUA = `
local now, window, device = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local last = redis.call('GET', KEYS[1])
if last then
  local at, lastDevice = string.match(last, '^(%d+)|(.*)$')
  local untilAt = tonumber(at) + window
  if untilAt > now then
    if device ~= '' and lastDevice ~= '' and device ~= lastDevice then return {'other_device', untilAt} end
    return {'too_soon', untilAt}
  end
end
redis.call('SET', KEYS[1], now .. '|' .. device, 'PX', window)
return {'ok', 0}
`;

export class RedisIdentityStore implements IdentityStore {
  private readonly recordScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.recordScript = defineScript(redis, 'sluiceRecordVerification', 1, RECORD_VERIFICATION_LUA);
  }

  flushHealth({ nodeId, buckets, gauges, ttlSec }: HealthFlush): Promise<void> {
    return guarded(async () => {
      const tx = this.redis.multi();
      for (const { second, counts } of buckets) {
        const key = this.key(`id:h:${second}`);
        for (const [field, n] of Object.entries(counts)) if (n !== 0) tx.hincrby(key, field, n);
        tx.expire(key, ttlSec);
      }
      tx.hset(this.key('id:gauges'), nodeId, JSON.stringify(gauges));
      await tx.exec();
    });
  }

  readHealth(seconds: number[], gaugesSince: number): Promise<HealthRead> {
    return guarded(async () => {
      const pipeline = this.redis.pipeline();
      for (const s of seconds) pipeline.hgetall(this.key(`id:h:${s}`));
      pipeline.hgetall(this.key('id:gauges'));
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
      const values = replies.map(([, v]) => v as Record<string, string>);
      const buckets = values.slice(0, seconds.length).map((h) => Object.fromEntries(Object.entries(h).map(([f, n]) => [f, Number(n)])));
      const gauges: HealthRead['gauges'] = [];
      const gone: string[] = [];
      for (const [node, raw] of Object.entries(values[seconds.length] ?? {})) {
        const g = JSON.parse(raw) as HealthFlush['gauges'];
        if (g.at >= gaugesSince) gauges.push({ nodeId: node, values: g.values });
        else if (g.at < gaugesSince - 60_000) gone.push(node);
      }
      if (gone.length) await this.redis.hdel(this.key('id:gauges'), ...gone);
      return { buckets, gauges };
    });
  }

  recordVerification({ personId, deviceId, now, windowMs }: VerificationAttempt): Promise<VerificationRecord> {
    return guarded(async () => {
      const [state, retryAt] = (await this.recordScript([this.key(`id:v:${personId}`)], [now, windowMs, deviceId ?? ''])) as [string, number];
      if (state === 'ok') return { ok: true };
      return { ok: false, reason: state === 'other_device' ? 'other_device' : 'too_soon', retryAt: Number(retryAt) };
    });
  }
}

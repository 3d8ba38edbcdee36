import type { Redis } from 'ioredis';
import type { HealthFlush, HealthRead, IdentityStore, VerificationAttempt, VerificationLease, VerificationRecord, VerificationStart } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/**
 * The 10-minute rule, and one person per admission: a session verifies the first person it verified
 * and nobody else (refused before the person's own window is touched). The stored value carries the
 * time of the verification, checked against the caller's clock; the key's TTL only clears it away
 * afterwards.
 */
const RECORD_VERIFICATION_LUA = `
local now, window, device, person, sessionEnds = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4], tonumber(ARGV[5])
local bound = redis.call('GET', KEYS[2])
if bound then
  local boundUntil, boundPerson = string.match(bound, '^(%d+)|(.*)$')
  if tonumber(boundUntil) <= now then bound = nil
  elseif boundPerson ~= person then return {'session_person_bound', 0} end
end
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
if not bound then redis.call('SET', KEYS[2], ARGV[5] .. '|' .. person, 'PX', math.max(1, sessionEnds - now)) end
return {'ok', 0}
`;

/** A verification starts only on an active session, and only one at a time per session. */
const BEGIN_VERIFICATION_LUA = `
local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expires or tonumber(expires) <= tonumber(ARGV[2]) then return {'session_ended', 0} end
if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) then return {'started', expires} end
return {'in_progress', 0}
`;

const END_VERIFICATION_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

export class RedisIdentityStore implements IdentityStore {
  private readonly recordScript: ScriptRunner;
  private readonly beginScript: ScriptRunner;
  private readonly endScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.recordScript = defineScript(redis, 'sluiceRecordVerification', 2, RECORD_VERIFICATION_LUA);
    this.beginScript = defineScript(redis, 'sluiceBeginVerification', 2, BEGIN_VERIFICATION_LUA);
    this.endScript = defineScript(redis, 'sluiceEndVerification', 1, END_VERIFICATION_LUA);
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

  recordVerification({ personId, deviceId, now, windowMs, session }: VerificationAttempt): Promise<VerificationRecord> {
    return guarded(async () => {
      const [state, retryAt] = (await this.recordScript(
        [this.key(`id:v:${personId}`), this.key(`id:s:${session.number}`)],
        [now, windowMs, deviceId ?? '', personId, session.expiresAt],
      )) as [string, number];
      if (state === 'ok') return { ok: true };
      if (state === 'session_person_bound') return { ok: false, reason: 'session_person_bound' };
      return { ok: false, reason: state === 'other_device' ? 'other_device' : 'too_soon', retryAt: Number(retryAt) };
    });
  }

  beginVerification({ number, token, now, leaseMs }: VerificationLease): Promise<VerificationStart> {
    return guarded(async () => {
      const [state, expires] = (await this.beginScript([this.key('q:active'), this.key(`id:busy:${number}`)], [number, now, token, Math.max(1, leaseMs)])) as [
        string,
        string | number,
      ];
      if (state === 'started') return { state, sessionExpiresAt: Number(expires) };
      return state === 'in_progress' ? { state } : { state: 'session_ended' };
    });
  }

  endVerification(number: number, token: string): Promise<void> {
    return guarded(async () => {
      await this.endScript([this.key(`id:busy:${number}`)], [token]);
    });
  }
}

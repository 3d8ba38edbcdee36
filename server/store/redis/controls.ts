import type { Redis } from 'ioredis';
import { DEFAULT_CONTROLS } from '../../../protocol';
import type { Controls } from '../../../protocol';
import type { AuditEntry } from '../../../protocol';
import type { ControlsChangeRequest, ControlsChangeWritten, ControlsStore, StoredControls } from '../port';
import { AUDIT_APPEND_FUNCTION, AUDIT_MAX_ENTRIES } from './audit';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { fenceCheck, leaseKey } from './leases';
import { defineScript, type ScriptRunner } from './scripts';

/** The admission tick reads gate/rate/maxActive straight from this hash, so every node agrees. */
const SET_CONTROLS_LUA = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return -1 end
version = version + 1
redis.call('HSET', KEYS[1], 'version', version, 'json', ARGV[2], 'gate', ARGV[3], 'rate', ARGV[4], 'maxActive', ARGV[5])
return version
`;

/**
 * A commander's change in one atomic step: compare-and-set the controls hash, append the audit entry,
 * remember the change id. A change id fenced off by SETTLE_LUA is refused (a late arrival after its
 * sender gave up). KEYS: controls hash, audit stream, change record. ARGV: expected version, JSON,
 * gate, rate, maxActive, entry time, stream cap, entry JSON, change record TTL (s).
 * Returns {-1} on a version conflict, {-2} when fenced off, else {version, entry id}.
 */
const CHANGE_CONTROLS_BODY = `
if redis.call('EXISTS', KEYS[3]) == 1 then return {-2} end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return {-1} end
version = version + 1
local id = appendAudit(KEYS[2], ARGV[6], ARGV[7], ARGV[8])
redis.call('HSET', KEYS[1], 'version', version, 'json', ARGV[2], 'gate', ARGV[3], 'rate', ARGV[4], 'maxActive', ARGV[5])
redis.call('SET', KEYS[3], version .. ' ' .. id, 'EX', ARGV[9])
return {version, id}
`;
const CHANGE_CONTROLS_LUA = `${AUDIT_APPEND_FUNCTION}${CHANGE_CONTROLS_BODY}`;
/** The same, written only while ARGV[10] is the fencing token of the lease hash KEYS[4]; {-3} when not. */
const CHANGE_CONTROLS_FENCED_LUA = `${AUDIT_APPEND_FUNCTION}${fenceCheck(4, 10)}${CHANGE_CONTROLS_BODY}`;

/** KEYS: change record. ARGV: TTL (s). The change's "version id" when written; else fences it off and returns false. */
const SETTLE_LUA = `
local written = redis.call('GET', KEYS[1])
if written and written ~= 'fenced' then return written end
redis.call('SET', KEYS[1], 'fenced', 'EX', ARGV[1])
return false
`;

/** How long a change id is remembered: far longer than any reply can be late. */
const CHANGE_RECORD_TTL_SEC = 3600;

export class RedisControlsStore implements ControlsStore {
  private readonly setScript: ScriptRunner;
  private readonly changeScript: ScriptRunner;
  private readonly fencedChangeScript: ScriptRunner;
  private readonly settleScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.setScript = defineScript(redis, 'sluiceSetControls', 1, SET_CONTROLS_LUA);
    this.changeScript = defineScript(redis, 'sluiceChangeControls', 3, CHANGE_CONTROLS_LUA);
    this.fencedChangeScript = defineScript(redis, 'sluiceChangeControlsFenced', 4, CHANGE_CONTROLS_FENCED_LUA);
    this.settleScript = defineScript(redis, 'sluiceSettleControlsChange', 1, SETTLE_LUA);
  }

  get(): Promise<StoredControls> {
    return guarded(async () => {
      const [json, version] = await this.redis.hmget(this.key('controls'), 'json', 'version');
      if (!json) return { controls: structuredClone(DEFAULT_CONTROLS), version: 0 };
      // Fields added to Controls after the hash was written take their defaults.
      return { controls: { ...structuredClone(DEFAULT_CONTROLS), ...(JSON.parse(json) as Controls) }, version: Number(version) };
    });
  }

  set(next: Controls, expectedVersion: number): Promise<StoredControls | null> {
    return guarded(async () => {
      const version = Number(
        await this.setScript([this.key('controls')], [expectedVersion, JSON.stringify(next), next.gate, next.admissionRatePerSec, next.maxActiveSessions]),
      );
      return version < 0 ? null : { controls: structuredClone(next), version };
    });
  }

  change({ next, expectedVersion, changeId, audit, fence }: ControlsChangeRequest): Promise<ControlsChangeWritten | null | 'fenced'> {
    return guarded(async () => {
      const keys = [this.key('controls'), this.key('audit'), this.key(`controls:change:${changeId}`)];
      const run = fence
        ? (args: (string | number)[]) => this.fencedChangeScript([...keys, leaseKey(this.key, fence.lease)], [...args, fence.token])
        : (args: (string | number)[]) => this.changeScript(keys, args);
      const reply = (await run([
        expectedVersion,
        JSON.stringify(next),
        next.gate,
        next.admissionRatePerSec,
        next.maxActiveSessions,
        Math.floor(audit.at),
        AUDIT_MAX_ENTRIES,
        JSON.stringify(audit),
        CHANGE_RECORD_TTL_SEC,
      ])) as [number, string?];
      const version = Number(reply[0]);
      if (version === -3) return 'fenced';
      if (version < 0) return null;
      const entry: AuditEntry = { ...structuredClone(audit), id: String(reply[1]) };
      return { stored: { controls: structuredClone(next), version }, entry };
    });
  }

  settle(changeId: string): Promise<{ applied: true; version: number; entryId: string } | { applied: false }> {
    return guarded(async () => {
      const written = await this.settleScript([this.key(`controls:change:${changeId}`)], [CHANGE_RECORD_TTL_SEC]);
      if (typeof written !== 'string') return { applied: false };
      const [version, entryId] = written.split(' ');
      return { applied: true, version: Number(version), entryId: String(entryId) };
    });
  }
}

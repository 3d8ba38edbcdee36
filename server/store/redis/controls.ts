import type { Redis } from 'ioredis';
import { DEFAULT_CONTROLS } from '../../../protocol';
import type { Controls } from '../../../protocol';
import type { ControlsStore, StoredControls } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/** The admission tick reads gate/rate/maxActive straight from this hash, so every node agrees. */
const SET_CONTROLS_LUA = `
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return -1 end
version = version + 1
redis.call('HSET', KEYS[1], 'version', version, 'json', ARGV[2], 'gate', ARGV[3], 'rate', ARGV[4], 'maxActive', ARGV[5])
return version
`;

export class RedisControlsStore implements ControlsStore {
  private readonly setScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.setScript = defineScript(redis, 'sluiceSetControls', 1, SET_CONTROLS_LUA);
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
}

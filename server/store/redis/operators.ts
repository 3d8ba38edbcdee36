import type { Redis } from 'ioredis';
import type { OperatorRecord, OperatorStore } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/** Read, change and write back one record in one step, so two changes never lose one version. */
const SET_DISABLED_LUA = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
local record = cjson.decode(json)
record.disabled = ARGV[2] == '1'
record.version = (tonumber(record.version) or 0) + 1
local out = cjson.encode(record)
redis.call('HSET', KEYS[1], ARGV[1], out)
return out
`;

/** One hash, username -> record JSON; HSETNX makes creation race-free. */
export class RedisOperatorStore implements OperatorStore {
  private readonly setDisabledScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.setDisabledScript = defineScript(redis, 'sluiceOperatorSetDisabled', 1, SET_DISABLED_LUA);
  }

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

  remove(username: string): Promise<boolean> {
    return guarded(async () => (await this.redis.hdel(this.key('operators'), username)) === 1);
  }

  setDisabled(username: string, disabled: boolean): Promise<OperatorRecord | null> {
    return guarded(async () => {
      const json = (await this.setDisabledScript([this.key('operators')], [username, disabled ? '1' : '0'])) as string | null;
      return json ? (JSON.parse(json) as OperatorRecord) : null;
    });
  }
}

import type { Redis } from 'ioredis';
import type { LeaseStore } from '../port';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

/** The lease hash: `holder` and `token`, expiring with the lease. */
export const leaseKey = (key: Keyspace, name: string): string => key(`lease:${name}`);

/** KEYS: lease hash, token counter. ARGV: holder, ttl ms. The holder's token, or false while another holds it. */
const ACQUIRE_LUA = `
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder and holder ~= ARGV[1] then return false end
if holder then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(redis.call('HGET', KEYS[1], 'token'))
end
local token = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'token', token)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return token
`;

/** KEYS: lease hash. ARGV: holder. */
const RELEASE_LUA = `
if redis.call('HGET', KEYS[1], 'holder') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/** The fence every fenced write starts with: KEYS[n] is the lease hash, ARGV[m] the token. */
export const fenceCheck = (leaseKeyIndex: number, tokenArgIndex: number): string =>
  `if redis.call('HGET', KEYS[${leaseKeyIndex}], 'token') ~= ARGV[${tokenArgIndex}] then return {-3} end\n`;

/** KEYS: lease hash, note. ARGV: token, note, ttl ms. */
const PUT_NOTE_LUA = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
`;

export class RedisLeaseStore implements LeaseStore {
  private readonly acquireScript: ScriptRunner;
  private readonly releaseScript: ScriptRunner;
  private readonly noteScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.acquireScript = defineScript(redis, 'sluiceLeaseAcquire', 2, ACQUIRE_LUA);
    this.releaseScript = defineScript(redis, 'sluiceLeaseRelease', 1, RELEASE_LUA);
    this.noteScript = defineScript(redis, 'sluiceLeaseNote', 2, PUT_NOTE_LUA);
  }

  acquire(name: string, holder: string, ttlMs: number): Promise<number | null> {
    return guarded(async () => {
      const token = await this.acquireScript([leaseKey(this.key, name), this.key(`lease:${name}:token`)], [holder, Math.ceil(ttlMs)]);
      return typeof token === 'number' ? token : null;
    });
  }

  release(name: string, holder: string): Promise<void> {
    return guarded(async () => {
      await this.releaseScript([leaseKey(this.key, name)], [holder]);
    });
  }

  putNote(name: string, token: number, note: string, ttlMs: number): Promise<boolean> {
    return guarded(async () => (await this.noteScript([leaseKey(this.key, name), this.key(`lease:${name}:note`)], [token, note, Math.ceil(ttlMs)])) === 1);
  }

  note(name: string): Promise<string | null> {
    return guarded(() => this.redis.get(this.key(`lease:${name}:note`)));
  }
}

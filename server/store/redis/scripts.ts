import type { Redis } from 'ioredis';

export type ScriptReply = unknown;
export type ScriptRunner = (keys: string[], args: (string | number | Buffer)[]) => Promise<ScriptReply>;

/** Registers a Lua script with ioredis (EVALSHA with automatic reload) and returns a typed runner. */
export function defineScript(redis: Redis, name: string, numberOfKeys: number, lua: string): ScriptRunner {
  redis.defineCommand(name, { numberOfKeys, lua });
  const command = (redis as unknown as Record<string, (...a: unknown[]) => Promise<ScriptReply>>)[name];
  if (!command) throw new Error(`script ${name} did not register`);
  return (keys, args) => command.call(redis, ...keys, ...args);
}

/** A script whose number of keys varies from call to call (batches): EVALSHA with automatic reload. */
export function defineVariadicScript(redis: Redis, name: string, lua: string): ScriptRunner {
  redis.defineCommand(name, { lua });
  const command = (redis as unknown as Record<string, (...a: unknown[]) => Promise<ScriptReply>>)[name];
  if (!command) throw new Error(`script ${name} did not register`);
  return (keys, args) => command.call(redis, keys.length, ...keys, ...args);
}

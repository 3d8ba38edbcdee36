import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { JOIN_LUA } from '../server/store/redis/queue-lua';
import { RedisServer } from '../test/support/redis-server';
import { watchCpu } from './cpu';
import { redisPid } from './waiting-room';

export interface CeilingResult {
  instances: number;
  /** Joins in each script call (a node sends the joins of one turn of its event loop together). */
  joinsPerCall: number;
  /** Joins a second, all instances together. */
  perSec: number;
  /** Each redis-server's share of one core during the run. */
  redisCpu: number[];
}

/**
 * Redis's own ceiling for the join script, with no Node in the way: redis-benchmark (C) sends
 * EVALSHA of JOIN_LUA with `joinsPerCall` joins a call, both join limits counted, every join a new
 * address and client (random keys), 50 connections, pipelines of 16. With `instances` > 1 each redis-server is its own
 * shard (a queue of its own, as hash-tag shards on a cluster would be) driven by its own
 * redis-benchmark at the same time; the figure is their sum.
 */
export async function joinScriptCeiling(instances: number, requests: number, joinsPerCall = 1): Promise<CeilingResult> {
  const servers = await Promise.all(Array.from({ length: instances }, () => new RedisServer().start()));
  try {
    const pids = await Promise.all(servers.map((s) => redisPid(s.url)));
    const shas = await Promise.all(
      servers.map(async (s) => {
        const redis = new Redis(s.url);
        const sha = (await redis.script('LOAD', JOIN_LUA)) as string;
        redis.disconnect();
        return sha;
      }),
    );
    const cpu = watchCpu(Object.fromEntries(pids.map((pid, i) => [`redis${i}`, pid])));
    const runs = servers.map((s, i) => {
      const tag = `{shard${i}}`;
      const args = ['-h', '127.0.0.1', '-p', String(s.port), '-c', '50', '-P', '16', '-n', String(requests), '-r', '100000000', '--csv'];
      const keys = [`${tag}:q:tail`, `${tag}:q:head`];
      const scriptArgs = ['43200', '1000', '60000'];
      for (let j = 0; j < joinsPerCall; j++) {
        keys.push(`${tag}:q:c:__rand_int__`, `${tag}:rl:join-ip:__rand_int__`, `${tag}:rl:join-client:__rand_int__`);
        scriptArgs.push('d__rand_int__', '1000000', '10', '1');
      }
      args.push('EVALSHA', shas[i]!, String(keys.length), ...keys, ...scriptArgs);
      return new Promise<number>((resolve, reject) => {
        const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
        child.once('error', reject);
        child.once('exit', () => {
          const m = /"EVALSHA[^"]*","([\d.]+)"/.exec(out);
          if (m) resolve(Number(m[1]));
          else reject(new Error(`redis-benchmark gave no figure: ${out}`));
        });
      });
    });
    const rates = await Promise.all(runs);
    const shares = cpu.stop();
    return {
      instances,
      joinsPerCall,
      perSec: Math.round(rates.reduce((a, b) => a + b, 0) * joinsPerCall),
      redisCpu: pids.map((_, i) => shares[`redis${i}`] ?? 0),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

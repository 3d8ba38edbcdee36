import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { CLIENT_BUCKETS, clientSlot } from '../server/waiting-room/client-slot';
import { JOIN_LUA } from '../server/store/redis/queue-lua';
import { RedisServer } from '../test/support/redis-server';
import { load, type LoadResult } from './load';

interface Ports {
  bare: number;
  sluice: number;
}

async function startTarget(redisUrl: string): Promise<{ ports: Ports; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/waiting-room-target.ts', redisUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`target exited ${code}`)));
  });
  return { ports: JSON.parse(line) as Ports, stop: () => child.kill('SIGKILL') };
}

function row(name: string, r: LoadResult): void {
  console.log(`${name.padEnd(28)} ${String(r.reqPerSec).padStart(8)} req/s   p50 ${r.p50Ms} ms   p99 ${r.p99Ms} ms   non-2xx ${r.non2xx}   errors ${r.errors}`);
}

/** Redis memory for N issued, unadmitted tickets, each from a distinct client id. */
async function ticketMemory(redisUrl: string, tickets: number): Promise<{ tickets: number; usedMb: number; bytesPerTicket: number }> {
  const redis = new Redis(redisUrl);
  await redis.flushall();
  const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  const before = await used();
  redis.defineCommand('benchJoin', { numberOfKeys: 3, lua: JOIN_LUA });
  const join = (redis as unknown as Record<string, (...a: unknown[]) => unknown>).benchJoin!;
  const batch = 20_000;
  for (let i = 0; i < tickets; i += batch) {
    const pipeline = redis.pipeline();
    for (let j = i; j < Math.min(i + batch, tickets); j++) {
      const slot = clientSlot(`citizen-${j}`)!;
      join.call(pipeline, '{mem}:q:tail', '{mem}:q:head', `{mem}:q:c:${slot.bucket}`, slot.digest, 43_200);
    }
    await pipeline.exec();
  }
  const tail = Number(await redis.get('{mem}:q:tail'));
  if (tail !== tickets) throw new Error(`expected ${tickets} tickets, tail is ${tail}`);
  const after = await used();
  redis.disconnect();
  return { tickets, usedMb: Math.round(((after - before) / 1024 / 1024) * 10) / 10, bytesPerTicket: Math.round((after - before) / tickets) };
}

export async function benchWaitingRoom(options: { memoryTickets: number; durationSec: number }) {
  const redis = await new RedisServer().start();
  const target = await startTarget(redis.url);
  try {
    const base = (port: number) => `http://127.0.0.1:${port}`;
    const duration = options.durationSec;
    const bare = await load({ url: `${base(target.ports.bare)}/bare`, duration });
    row('bare Fastify route', bare);
    const incr = await load({ url: `${base(target.ports.bare)}/incr`, method: 'POST', duration });
    row('one Redis INCR route', incr);
    let n = 0;
    const join = await load({
      url: `${base(target.ports.sluice)}/api/v1/queue/join`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ clientId: `bench-client-${n++}` }) }) }],
    });
    row('join', join);

    // Status polls from 20,000 distinct waiting tickets (more than the token cache holds).
    const tickets: string[] = [];
    const joinUrl = `${base(target.ports.sluice)}/api/v1/queue/join`;
    for (let i = 0; i < 20_000; i += 200) {
      const batch = await Promise.all(
        Array.from({ length: 200 }, () => fetch(joinUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json() as Promise<{ ticket: string }>)),
      );
      tickets.push(...batch.map((b) => b.ticket));
    }
    let k = 0;
    const status = await load({
      url: `${base(target.ports.sluice)}/api/v1/queue/status`,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tickets[k++ % tickets.length]}` } }) }],
    });
    row('status (waiting tickets)', status);
    target.stop();

    const memory = options.memoryTickets > 0 ? await ticketMemory(redis.url, options.memoryTickets) : null;
    if (memory) console.log(`Redis memory for ${memory.tickets.toLocaleString('en')} issued, unadmitted tickets (distinct client ids, ${CLIENT_BUCKETS} buckets): ${memory.usedMb} MB (${memory.bytesPerTicket} B/ticket)`);
    const ratios = {
      statusVsBare: Math.round((status.reqPerSec / bare.reqPerSec) * 100) / 100,
      joinVsIncr: Math.round((join.reqPerSec / incr.reqPerSec) * 100) / 100,
    };
    console.log(`status / bare = ${ratios.statusVsBare} (target >= 0.8)   join / INCR = ${ratios.joinVsIncr} (target >= 0.6)`);
    return { bare, incr, join, status, ratios, memory };
  } finally {
    target.stop();
    await redis.stop();
  }
}

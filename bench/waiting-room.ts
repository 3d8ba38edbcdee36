import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { CLIENT_BUCKETS, clientSlot } from '../server/waiting-room/client-slot';
import { JOIN_LUA } from '../server/store/redis/queue-lua';
import { RedisServer } from '../test/support/redis-server';
import type autocannon from 'autocannon';
import { load, type LoadResult } from './load';

interface Ports {
  bare: number;
  sluice: number;
}

async function startTarget(redisUrl: string): Promise<{ ports: Ports; stop: () => void }> {
  // BENCH_PROFILE=dir writes a CPU profile of the servers under test into dir.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/waiting-room-target.ts', redisUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    // The server may log before it is ready; the ports line is the one naming them.
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"sluice"')) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`target exited ${code}`)));
  });
  return { ports: JSON.parse(line) as Ports, stop: () => child.kill(profile.length ? 'SIGINT' : 'SIGKILL') };
}

function row(name: string, r: LoadResult): void {
  console.log(`${name.padEnd(28)} ${String(r.reqPerSec).padStart(8)} req/s   p50 ${r.p50Ms} ms   p99 ${r.p99Ms} ms   non-2xx ${r.non2xx}   errors ${r.errors}`);
}

/** Redis memory for N issued, unadmitted tickets, each from a distinct client id. */
export async function ticketMemory(redisUrl: string, tickets: number): Promise<{ tickets: number; usedMb: number; bytesPerTicket: number }> {
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

/** The run with the median throughput, so one noisy round does not decide the figure. */
function median(results: LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor(results.length / 2)]!;
}

export async function benchWaitingRoom(options: { memoryTickets: number; durationSec: number; rounds: number }) {
  const redis = await new RedisServer().start();
  const target = await startTarget(redis.url);
  try {
    const base = (port: number) => `http://127.0.0.1:${port}`;
    const duration = options.durationSec;

    // Status polls come from 20,000 distinct waiting tickets (the gate is paused for the run).
    const joinUrl = `${base(target.ports.sluice)}/api/v1/queue/join`;
    const tickets: string[] = [];
    for (let i = 0; i < 20_000; i += 200) {
      const batch = await Promise.all(
        Array.from({ length: 200 }, () =>
          fetch(joinUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json() as Promise<{ ticket: string }>),
        ),
      );
      tickets.push(...batch.map((b) => b.ticket));
    }
    let n = 0;
    let k = 0;
    // Every route is driven the same way (a fresh request built per call, with a header or body
    // of the same size), so the load generator's own cost is the same in baseline and subject.
    const withTicket = (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tickets[k++ % tickets.length]}` } });
    // Distinct random client ids (128 bits, as the join route requires), made before the run so the generator only picks one.
    const clientIds = Array.from({ length: 65_536 }, () => randomBytes(16).toString('base64url'));
    const withClientId = (req: autocannon.Request) => ({
      ...req,
      body: JSON.stringify({ clientId: `${clientIds[n++ % clientIds.length]}${(n >> 16).toString(36)}` }),
    });
    const json = { 'content-type': 'application/json' };
    const targets: Record<string, autocannon.Options> = {
      bare: { url: `${base(target.ports.bare)}/bare`, requests: [{ setupRequest: withTicket }] },
      incr: { url: `${base(target.ports.bare)}/incr`, method: 'POST', headers: json, requests: [{ setupRequest: withClientId }] },
      join: { url: joinUrl, method: 'POST', headers: json, requests: [{ setupRequest: withClientId }] },
      status: { url: `${base(target.ports.sluice)}/api/v1/queue/status`, requests: [{ setupRequest: withTicket }] },
    };
    // Warm every route up. Then each subject runs right after its baseline, in short
    // alternating pairs: this machine's speed drifts by 2x within a minute, and a ratio taken
    // from two runs seconds apart is far steadier than one from runs a minute apart.
    for (const options of Object.values(targets)) await load({ ...options, duration: 1 });
    const runs: Record<string, LoadResult[]> = { bare: [], incr: [], join: [], status: [] };
    const pairRatios: Record<'statusVsBare' | 'joinVsIncr', number[]> = { statusVsBare: [], joinVsIncr: [] };
    for (let round = 0; round < options.rounds; round++) {
      for (const [baseline, subject, ratio] of [
        ['bare', 'status', 'statusVsBare'],
        ['incr', 'join', 'joinVsIncr'],
      ] as const) {
        const b = await load({ ...targets[baseline]!, duration });
        const s = await load({ ...targets[subject]!, duration });
        runs[baseline]!.push(b);
        runs[subject]!.push(s);
        pairRatios[ratio].push(s.reqPerSec / b.reqPerSec);
      }
    }
    const [bare, incr, join, status] = (['bare', 'incr', 'join', 'status'] as const).map((name) => median(runs[name]!));
    row('bare Fastify route', bare!);
    row('one Redis INCR route', incr!);
    row('join', join!);
    row('status (waiting tickets)', status!);
    target.stop();

    const memory = options.memoryTickets > 0 ? await ticketMemory(redis.url, options.memoryTickets) : null;
    if (memory)
      console.log(
        `Redis memory for ${memory.tickets.toLocaleString('en')} issued, unadmitted tickets (distinct client ids, ${CLIENT_BUCKETS} buckets): ${memory.usedMb} MB (${memory.bytesPerTicket} B/ticket)`,
      );
    const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratios = {
      statusVsBare: Math.round(middle(pairRatios.statusVsBare) * 100) / 100,
      joinVsIncr: Math.round(middle(pairRatios.joinVsIncr) * 100) / 100,
      pairs: options.rounds,
    };
    console.log(
      `median of ${options.rounds} back-to-back pairs: status / bare = ${ratios.statusVsBare} (target >= 0.8)   join / INCR = ${ratios.joinVsIncr} (target >= 0.6)`,
    );
    return { bare, incr, join, status, ratios, memory };
  } finally {
    target.stop();
    await redis.stop();
  }
}

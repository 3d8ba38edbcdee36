import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { CLIENT_BUCKETS, clientSlot } from '../server/waiting-room/client-slot';
import { JOIN_LUA } from '../server/store/redis/queue-lua';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags';
import { RedisServer } from '../test/support/redis-server';
import { loadAverage } from './cpu';
import { pin, pinningText } from './pinning';
import { linesFile, requireWrk, wrk, type WrkLoad, type WrkResult } from './wrk';

export interface Target {
  ports: { bare: number; sluice: number };
  pid: number;
  stop: () => void;
}

/**
 * Starts bench/waiting-room-target.ts in its own process (of the checkout at `cwd`, this one by
 * default). BENCH_PROFILE=dir writes a CPU profile of it into dir.
 */
export async function startTarget(redisUrl: string, args: string[] = [], cwd = process.cwd()): Promise<Target> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, '--import', 'tsx', 'bench/waiting-room-target.ts', redisUrl, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd,
  });
  const line = await new Promise<string>((resolve, reject) => {
    // The server may log before it is ready; the ports line is the one naming them.
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"sluice"')) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`target exited ${code}`)));
  });
  const { bare, sluice, pid } = JSON.parse(line) as { bare: number; sluice: number; pid: number };
  pin(pid, 'server');
  return { ports: { bare, sluice }, pid, stop: () => child.kill(profile.length ? 'SIGINT' : 'SIGKILL') };
}

/** The redis-server's own process id (pinned with the generator when `pinAsLoad`). */
export async function redisPid(url: string, pinAsLoad = false): Promise<number> {
  const redis = new Redis(url);
  const info = await redis.info('server');
  redis.disconnect();
  const pid = Number(/process_id:(\d+)/.exec(info)![1]);
  if (pinAsLoad) pin(pid, 'load');
  return pid;
}

function cpuText(r: WrkResult): string {
  return Object.entries(r.cpu)
    .map(([name, share]) => `${name} ${share.toFixed(2)} (${r.usPerRequest[name]} µs/req)`)
    .join(', ');
}

export function row(name: string, r: WrkResult): void {
  console.log(
    `${name.padEnd(28)} ${String(r.reqPerSec).padStart(8)} req/s   p50 ${r.p50Ms} ms   p99 ${r.p99Ms} ms   non-2xx ${r.non2xx}   errors ${r.errors}   CPU cores: ${cpuText(r)}`,
  );
}

/** Redis memory for N issued, unadmitted tickets, each from a distinct client id. */
export async function ticketMemory(redisUrl: string, tickets: number): Promise<{ tickets: number; usedMb: number; bytesPerTicket: number }> {
  const redis = new Redis(redisUrl);
  await redis.flushall();
  const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  const before = await used();
  redis.defineCommand('benchJoin', { lua: JOIN_LUA });
  const join = (redis as unknown as Record<string, (...a: unknown[]) => unknown>).benchJoin!;
  const batch = 20_000;
  const perCall = 100;
  for (let i = 0; i < tickets; i += batch) {
    const pipeline = redis.pipeline();
    for (let j = i; j < Math.min(i + batch, tickets); j += perCall) {
      const keys = ['{mem}:q:tail', '{mem}:q:head'];
      // No join limits here (-1): the figure is the tickets' own memory.
      const args: (string | number | Buffer)[] = [43_200, 0, 0];
      for (let k = j; k < Math.min(j + perCall, i + batch, tickets); k++) {
        const slot = clientSlot(`citizen-${k}`)!;
        keys.push(`{mem}:q:c:${slot.bucket}`, '{mem}:rl:a', '{mem}:rl:c');
        args.push(slot.digest, -1, -1, '1');
      }
      join.call(pipeline, keys.length, ...keys, ...args);
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
export function median<T extends { reqPerSec: number }>(results: T[]): T {
  return [...results].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor(results.length / 2)]!;
}

/** `count` tickets from joins over HTTP (the gate must be paused or closed to admission). */
export async function joinTickets(joinUrl: string, count: number): Promise<string[]> {
  const tickets: string[] = [];
  for (let i = 0; i < count; i += 200) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, () =>
        fetch(joinUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json() as Promise<{ ticket: string }>),
      ),
    );
    tickets.push(...batch.map((b) => b.ticket));
  }
  return tickets;
}

/** Random 128-bit client-id prefixes; the driver appends a counter, so every join is a new client. */
export function clientIdPrefixes(count = 65_536): string[] {
  return Array.from({ length: count }, () => randomBytes(16).toString('base64url'));
}

export async function benchWaitingRoom(options: { memoryTickets: number; durationSec: number; rounds: number }) {
  requireWrk();
  const redis = await new RedisServer().start();
  const target = await startTarget(redis.url);
  try {
    const base = (port: number) => `http://127.0.0.1:${port}`;
    const joinUrl = `${base(target.ports.sluice)}/api/v1/queue/join`;
    // Status polls come from 20,000 distinct waiting tickets (the gate is paused for the run).
    const tickets = linesFile('tickets', await joinTickets(joinUrl, 20_000));
    const clients = linesFile('clients', clientIdPrefixes());
    const watch = { server: target.pid, redis: await redisPid(redis.url, true) };
    // Every route is driven the same way: the bare route gets the same Bearer header as status,
    // the INCR route the same join body as join, so the generator's own cost is the same in
    // baseline and subject.
    const targets: Record<'bare' | 'incr' | 'join' | 'status', Omit<WrkLoad, 'durationSec'>> = {
      bare: { url: `${base(target.ports.bare)}/bare`, mode: 'bearer', lines: tickets, watch },
      incr: { url: `${base(target.ports.bare)}/incr`, mode: 'client', lines: clients, watch },
      join: { url: joinUrl, mode: 'client', lines: clients, watch },
      status: { url: `${base(target.ports.sluice)}/api/v1/queue/status`, mode: 'bearer', lines: tickets, watch },
    };
    // Warm every route up. Then each subject runs right after its baseline, in short
    // alternating pairs: this machine's speed drifts within a minute (it is shared), and a
    // ratio taken from two runs seconds apart is far steadier than one from runs a minute apart.
    for (const load of Object.values(targets)) await wrk({ ...load, durationSec: 1 });
    const loadBefore = loadAverage();
    const runs: Record<string, WrkResult[]> = { bare: [], incr: [], join: [], status: [] };
    const pairRatios: Record<'statusVsBare' | 'joinVsIncr', number[]> = { statusVsBare: [], joinVsIncr: [] };
    // The same ratio from the server's CPU per request: steadier on a busy machine.
    const costRatios: Record<'statusVsBare' | 'joinVsIncr', number[]> = { statusVsBare: [], joinVsIncr: [] };
    for (let round = 0; round < options.rounds; round++) {
      for (const [baseline, subject, ratio] of [
        ['bare', 'status', 'statusVsBare'],
        ['incr', 'join', 'joinVsIncr'],
      ] as const) {
        const b = await wrk({ ...targets[baseline], durationSec: options.durationSec });
        const s = await wrk({ ...targets[subject], durationSec: options.durationSec });
        runs[baseline]!.push(b);
        runs[subject]!.push(s);
        pairRatios[ratio].push(s.reqPerSec / b.reqPerSec);
        costRatios[ratio].push(b.usPerRequest.server! / s.usPerRequest.server!);
      }
    }
    const loadAfter = loadAverage();
    const [bare, incr, join, status] = (['bare', 'incr', 'join', 'status'] as const).map((name) => median(runs[name]!));
    console.log(
      `generator: wrk, 1 thread, 50 connections; ${pinningText()}; CPU in cores (1.00 = one core busy); load average ${loadBefore} before, ${loadAfter} after`,
    );
    row('bare Fastify route', bare!);
    row('one Redis INCR route', incr!);
    row('join', join!);
    row('status (waiting tickets)', status!);
    const medians = Object.values({ bare, incr, join, status }) as WrkResult[];
    const saturated = medians.filter((r) => r.cpu.generator! >= 0.9);
    const serverBusy = medians.filter((r) => r.cpu.server! >= 0.9);
    console.log(
      saturated.length
        ? `WARNING: the generator used >= 0.9 core in ${saturated.length} median run(s): it may be the bottleneck there`
        : serverBusy.length === medians.length
          ? 'the generator stayed below 0.9 core and the server used a whole core in every median run: the server is the bottleneck'
          : `the generator stayed below 0.9 core in every median run; the server reached a whole core in ${serverBusy.length} of ${medians.length}: ` +
            `in the others the machine's other work held it back (load average ${loadAfter}), so read the ratios and the CPU per request, not the absolute rates`,
    );
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
      byServerCpu: {
        statusVsBare: Math.round(middle(costRatios.statusVsBare) * 100) / 100,
        joinVsIncr: Math.round(middle(costRatios.joinVsIncr) * 100) / 100,
      },
      pairs: options.rounds,
    };
    console.log(
      `median of ${options.rounds} back-to-back pairs: status / bare = ${ratios.statusVsBare} (target >= 0.8)   join / INCR = ${ratios.joinVsIncr} (target >= 0.75)`,
    );
    console.log(
      `the same from the server's CPU per request (baseline µs / subject µs): status / bare = ${ratios.byServerCpu.statusVsBare}   join / INCR = ${ratios.byServerCpu.joinVsIncr}`,
    );
    return {
      generator: { tool: 'wrk', threads: 1, connections: 50 },
      loadAverage: { before: loadBefore, after: loadAfter },
      bare,
      incr,
      join,
      status,
      ratios,
      memory,
    };
  } finally {
    target.stop();
    await redis.stop();
  }
}

import { chmodSync, readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DEFAULT_CONTROLS, type QueueStateReply } from '../protocol';
import { MAX_STATE_DELAY_MS } from '../protocol/queue-estimate';
import { loadConfig } from '../server/config';
import { NginxProxy, nginxBinary } from '../test/support/nginx';
import { RedisServer } from '../test/support/redis-server';
import { loadAverage, watchCpu } from './cpu';
import { joinScriptCeiling } from './redis-ceiling';
import { capacity, printInputs, type Input, type Measured, type Settings } from './scale-model';
import { clientIdPrefixes, joinTickets, median, redisPid, row, startTarget } from './waiting-room';
import { linesFile, requireWrk, wrk, type WrkLoad, type WrkResult } from './wrk';

/**
 * `npm run bench:scale`: the waiting room at national scale, measured on this machine in one run,
 * then the 2021 peak computed from those figures (every input printed with its source). Last line:
 * one JSON object. `--quick` for short runs. Needs wrk, nginx and redis-benchmark.
 */
const quick = process.argv.includes('--quick');
const durationSec = quick ? 2 : 5;
const rounds = quick ? 1 : 3;
const STATE = '/api/v1/queue/state';

async function measure(name: string, load: Omit<WrkLoad, 'durationSec'>): Promise<WrkResult> {
  const runs: WrkResult[] = [];
  for (let i = 0; i < rounds; i++) runs.push(await wrk({ ...load, durationSec }));
  const m = median(runs);
  row(name, m);
  return m;
}

/** EVALSHA calls Redis has answered so far (its command statistics). */
async function joinScriptCalls(url: string): Promise<number> {
  const redis = new Redis(url);
  const stats = await redis.info('commandstats');
  redis.disconnect();
  return Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/** nginx's master and worker processes (their CPU is the proxy's). */
function nginxPids(proxy: NginxProxy): Record<string, number> {
  const master = Number(readFileSync(join(proxy.prefix, 'nginx.pid'), 'utf8').trim());
  const children = readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return Object.fromEntries([['nginx', master], ...children.map((pid, i) => [`nginxChild${i}`, pid] as const)]);
}

const sumNginx = (cpu: Record<string, number>) => Math.round(Object.entries(cpu).reduce((a, [k, v]) => (k.startsWith('nginx') ? a + v : a), 0) * 100) / 100;

/**
 * `pollers` citizens following the state through the proxy at the front-of-queue cadence (every
 * `refreshAfterMs` ±10 %, the shortest delay the client estimator gives: the worst case) for
 * `seconds`; answers how many requests they sent.
 */
async function simulatePollers(url: string, pollers: number, seconds: number, refreshAfterMs: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  const poll = (): Promise<void> =>
    new Promise((resolve) => {
      get(url, { agent }, (res) => {
        res.resume();
        res.once('end', () => resolve());
      }).once('error', () => resolve());
    });
  const poller = async (start: number) => {
    await new Promise((r) => setTimeout(r, start));
    while (performance.now() < end) {
      sent++;
      await poll();
      await new Promise((r) => setTimeout(r, refreshAfterMs * (0.9 + Math.random() * 0.2)));
    }
  };
  await Promise.all(Array.from({ length: pollers }, () => poller(Math.random() * refreshAfterMs)));
  agent.destroy();
  return sent;
}

async function main(): Promise<void> {
  requireWrk();
  const nginx = nginxBinary();
  if (!nginx) throw new Error('nginx is not installed: bench:scale measures the queue state through it (`apt-get install nginx-light`).');
  const at = new Date().toISOString();
  const loadBefore = loadAverage();
  console.log(
    `bench:scale ${quick ? '(quick) ' : ''}— wrk, 1 thread, 50 connections, ${rounds} x ${durationSec} s per figure (median); load average ${loadBefore}`,
  );
  const redis = await new RedisServer().start();
  const redisProcess = await redisPid(redis.url, true);
  const cleanup: (() => Promise<void> | void)[] = [() => redis.stop()];
  try {
    // 1. One node, gate paused: join, status (waiting tickets), state straight from the node.
    const node = await startTarget(redis.url, ['--prefix', 'scale']);
    cleanup.push(node.stop);
    const nodeUrl = `http://127.0.0.1:${node.ports.sluice}`;
    const tickets = linesFile('tickets', await joinTickets(`${nodeUrl}/api/v1/queue/join`, 20_000));
    const clients = linesFile('clients', clientIdPrefixes());
    const watch = { server: node.pid, redis: redisProcess };
    console.log('== per node (one Node.js process; CPU in cores, 1.00 = one core busy) ==');
    const tailNow = async () => {
      // The state is rebuilt at most every 250 ms: wait that long for the joins to show.
      await new Promise((r) => setTimeout(r, 300));
      return (await json<QueueStateReply>(`${nodeUrl}${STATE}`)).tail;
    };
    const tailBefore = await tailNow();
    const scriptCallsBefore = await joinScriptCalls(redis.url);
    const joinRun = await measure('join', { url: `${nodeUrl}/api/v1/queue/join`, mode: 'client', lines: clients, watch });
    const scriptCalls = (await joinScriptCalls(redis.url)) - scriptCallsBefore;
    const joinBatch = Math.max(1, Math.round(((await tailNow()) - tailBefore) / Math.max(1, scriptCalls)));
    console.log(`  joins per Redis script call under this load (the node batches one event-loop turn's joins): ${joinBatch}`);
    const statusRun = await measure('status direct (waiting)', { url: `${nodeUrl}/api/v1/queue/status`, mode: 'bearer', lines: tickets, watch });
    const stateDirectRun = await measure('state direct (no cache)', { url: `${nodeUrl}${STATE}`, mode: 'plain', watch });
    node.stop();

    // 2. Claims: a node whose gate is open at 100,000/s, so every ticket is admitted; each poll runs the claim script and signs an access token.
    const admitting = await startTarget(redis.url, ['--prefix', 'scale-admit', '--admit']);
    cleanup.push(admitting.stop);
    const admitUrl = `http://127.0.0.1:${admitting.ports.sluice}`;
    const admitted = await joinTickets(`${admitUrl}/api/v1/queue/join`, 20_000);
    while ((await json<QueueStateReply>(`${admitUrl}${STATE}`)).head < admitted.length) await new Promise((r) => setTimeout(r, 100));
    const sample = (await (await fetch(`${admitUrl}/api/v1/queue/status`, { headers: { authorization: `Bearer ${admitted[0]}` } })).json()) as {
      state: string;
    };
    if (sample.state !== 'admitted') throw new Error(`expected an admitted ticket, got ${JSON.stringify(sample)}`);
    const claimRun = await measure('claim (status, admitted)', {
      url: `${admitUrl}/api/v1/queue/status`,
      mode: 'bearer',
      lines: linesFile('admitted', admitted),
      watch: { server: admitting.pid, redis: redisProcess },
    });
    admitting.stop();

    // 3. The state through nginx (the repository's configuration) in front of a node that counts what reaches it.
    const counted = await startTarget(redis.url, ['--prefix', 'scale', '--count']);
    cleanup.push(counted.stop);
    const created = await NginxProxy.create(nginx, [`127.0.0.1:${counted.ports.sluice}`]);
    // Run as root, nginx's workers run as `nobody`: they must reach the cache under the (0700) temporary prefix.
    chmodSync(created.prefix, 0o755);
    const proxy = await created.start();
    cleanup.push(() => proxy.stop());
    const counts = async () => (await json<Record<string, number>>(`http://127.0.0.1:${counted.ports.bare}/counts`))[STATE] ?? 0;
    console.log('== the queue state through nginx (micro-cache, max-age 1 s) ==');
    const proxyWatch = { ...nginxPids(proxy), server: counted.pid };
    await wrk({ url: `${proxy.url}${STATE}`, mode: 'plain', durationSec: 1 });
    const originBefore = await counts();
    const stateRuns: WrkResult[] = [];
    const started = performance.now();
    for (let i = 0; i < rounds; i++) stateRuns.push(await wrk({ url: `${proxy.url}${STATE}`, mode: 'plain', durationSec, watch: proxyWatch }));
    const stateSeconds = (performance.now() - started) / 1000;
    const originDuring = (await counts()) - originBefore;
    const stateRun = median(stateRuns);
    const stateNginxCpu = sumNginx(stateRun.cpu);
    row('state via nginx', stateRun);
    const originStatePerSec = Math.round((originDuring / stateSeconds) * 100) / 100;
    console.log(
      `  nginx CPU (master + workers) ${stateNginxCpu} cores; origin state requests ${originDuring} in ${stateSeconds.toFixed(1)} s = ${originStatePerSec}/s`,
    );

    // 4. Simulated pollers through the proxy (the front-of-queue cadence: the worst case).
    const pollers = quick ? 1000 : 3000;
    const pollSeconds = quick ? 6 : 15;
    const refreshAfterMs = (await json<QueueStateReply>(`${proxy.url}${STATE}`)).refreshAfterMs;
    const beforePoll = await counts();
    const pollCpu = watchCpu({ ...nginxPids(proxy), server: counted.pid });
    const sent = await simulatePollers(`${proxy.url}${STATE}`, pollers, pollSeconds, refreshAfterMs);
    const pollShares = pollCpu.stop();
    const reached = (await counts()) - beforePoll;
    const perCitizenMinute = (n: number) => Math.round((n / pollers / (pollSeconds / 60)) * 1000) / 1000;
    const pollersFigure = {
      pollers,
      seconds: pollSeconds,
      sent,
      reachedOrigin: reached,
      perCitizenMinuteWithoutCache: perCitizenMinute(sent),
      perCitizenMinuteWithCache: perCitizenMinute(reached),
      nginxCpu: sumNginx(pollShares),
      serverCpu: pollShares.server ?? 0,
    };
    console.log(
      `${pollers} simulated pollers for ${pollSeconds} s (every ${refreshAfterMs} ms ±10 %): ${sent} requests to nginx, ${reached} reached the node — ` +
        `per waiting citizen per minute ${pollersFigure.perCitizenMinuteWithoutCache} without the cache, ${pollersFigure.perCitizenMinuteWithCache} with it`,
    );
    await proxy.stop();
    counted.stop();

    // 5. Redis's own ceiling for the join script: one instance, then two shards at once.
    console.log('== Redis: the join script alone (redis-benchmark, EVALSHA, 50 connections, pipeline 16) ==');
    const requests = quick ? 200_000 : 1_000_000;
    const single = await joinScriptCeiling(1, requests, 1);
    console.log(`1 instance, 1 join a call:  ${single.perSec.toLocaleString('en')} joins/s (redis-server CPU ${single.redisCpu.join(', ')})`);
    const one = await joinScriptCeiling(1, Math.ceil(requests / joinBatch), joinBatch);
    console.log(
      `1 instance, ${joinBatch} joins a call (as the node sent them):  ${one.perSec.toLocaleString('en')} joins/s (redis-server CPU ${one.redisCpu.join(', ')})`,
    );
    const two = await joinScriptCeiling(2, Math.ceil(requests / joinBatch), joinBatch);
    console.log(
      `2 instances: ${two.perSec.toLocaleString('en')} joins/s together (redis-server CPU ${two.redisCpu.join(', ')}; this machine has 2 cores for both and both benchmarks)`,
    );

    // 6. The 2021 peak.
    const defaults = loadConfig({ SLUICE_MODE: 'training' }, {});
    const measured: Measured = {
      joinPerNode: joinRun.reqPerSec,
      claimPerNode: claimRun.reqPerSec,
      statusPerNode: statusRun.reqPerSec,
      stateDirectPerNode: stateDirectRun.reqPerSec,
      statePerProxy: stateRun.reqPerSec,
      originStatePerSecPerProxy: Math.max(originStatePerSec, 1),
      redisJoinCeiling: one.perSec,
      redisJoinCeilingShards: [one, two].map((c) => ({ instances: c.instances, perSec: c.perSec })),
    };
    const settings: Settings = {
      waiting: 2_000_000,
      admissionPerSec: Math.round(2_000_000 / 3600),
      spikeJoins: 2_000_000,
      spikeSeconds: Number(process.env.SPIKE_SECONDS ?? 60),
      maxPollAfterMs: defaults.maxPollAfterMs,
      claimWindowSec: defaults.claimWindowSec,
      heartbeatEvery: defaults.heartbeatSampleEvery,
      heartbeatSec: defaults.heartbeatSec,
      refreshAfterMs,
      origins: 3,
    };
    const inputs: Record<string, Input> = {
      waiting: { value: settings.waiting, unit: 'citizens', source: 'PUBLISHED', note: 'KDCA: "2 M at once -> 35-50 min wait"' },
      admissionPerSec: {
        value: settings.admissionPerSec,
        unit: 'per s',
        source: 'DERIVED',
        note: 'KDCA: ~2 M bookings/h aimed for 08-09 -> 2,000,000 / 3,600',
      },
      spikeJoins: { value: settings.spikeJoins, unit: 'joins', source: 'PUBLISHED', note: 'the same 2 M, all joining at 20:00' },
      spikeSeconds: {
        value: settings.spikeSeconds,
        unit: 's',
        source: 'ASSUMED',
        note: 'the 20:00:00 join spike is not published: 2 M joins within this many seconds (SPIKE_SECONDS=…)',
      },
      maxPollAfterMs: { value: settings.maxPollAfterMs, unit: 'ms', source: 'SETTING', note: 'SLUICE_MAX_POLL_MS: status polling today, far back' },
      refreshAfterMs: { value: settings.refreshAfterMs, unit: 'ms', source: 'SETTING', note: "the state's refreshAfterMs (max-age)" },
      maxStateDelayMs: { value: MAX_STATE_DELAY_MS, unit: 'ms', source: 'SETTING', note: "the estimator's longest state delay" },
      claimWindowSec: { value: settings.claimWindowSec, unit: 's', source: 'SETTING', note: 'SLUICE_CLAIM_WINDOW_SEC' },
      heartbeat: {
        value: settings.heartbeatEvery,
        unit: `1 in, /${settings.heartbeatSec}s`,
        source: 'SETTING',
        note: 'SLUICE_HEARTBEAT_SAMPLE_EVERY, SLUICE_HEARTBEAT_SEC',
      },
      joinPerNode: { value: measured.joinPerNode, unit: 'req/s', source: 'MEASURED', note: 'join, one node' },
      claimPerNode: {
        value: measured.claimPerNode,
        unit: 'req/s',
        source: 'MEASURED',
        note: 'status of an admitted ticket (claim script + access token), one node',
      },
      statusPerNode: {
        value: measured.statusPerNode,
        unit: 'req/s',
        source: 'MEASURED',
        note: 'status direct, waiting; heartbeats cost as much (auth + an in-memory note)',
      },
      stateDirectPerNode: { value: measured.stateDirectPerNode, unit: 'req/s', source: 'MEASURED', note: 'state straight from a node' },
      statePerProxy: { value: measured.statePerProxy, unit: 'req/s', source: 'MEASURED', note: 'state through one nginx (2 workers on this 2-core machine)' },
      originStatePerSecPerProxy: {
        value: measured.originStatePerSecPerProxy,
        unit: 'req/s',
        source: 'MEASURED',
        note: 'state requests reaching the node behind one nginx (at least 1 counted)',
      },
      redisJoinCeiling: {
        value: measured.redisJoinCeiling,
        unit: 'joins/s',
        source: 'MEASURED',
        note: `redis-benchmark, one redis-server, ${joinBatch} joins a script call (unbatched: ${single.perSec.toLocaleString('en')})`,
      },
    };
    console.log('== the 2021 peak: inputs ==');
    printInputs(inputs);
    const c = capacity(measured, settings);
    console.log('== the 2021 peak: what it needs ==');
    console.log(
      `  origin requests per waiting citizen per minute: status polling today ${c.originPerCitizenMinute.statusPollingToday}, state polling without a cache ${c.originPerCitizenMinute.statePollingWithoutCache}, with the cache ${c.originPerCitizenMinute.withCache}`,
    );
    console.log(
      `  proxies for the state polls: ${c.proxies}; origin requests behind them ${c.originPerSecCached}/s (state misses + ${settings.admissionPerSec} claims + ${c.heartbeatPerSec} heartbeats)`,
    );
    console.log(
      `  origin nodes: ${c.nodes.steady} node-loads at the waiting peak, ${c.nodes.spike} during the join spike (${c.spikePerSec.toLocaleString('en')} joins/s); status polling as today would need ${c.nodes.todayStatusPolling}`,
    );
    console.log(
      `  with ${settings.origins} origin nodes the spike's joins are all answered within ${c.spikeDrainSecOnOrigins} s; one Redis takes them all in ${c.spikeDrainSecOnOneRedis} s`,
    );
    console.log(
      `  needed to answer the spike as it comes: ${c.nodes.needed} origin node(s), ${c.redisNeeded} Redis instance(s) — goal (<= 3 nodes + 1 Redis) ${c.goalMet ? 'MET' : 'NOT MET'}`,
    );
    if (c.redisNeeded > 1)
      console.log(
        `  one Redis's join ceiling is the limit: joins spread over shards, measured above (${one.perSec} -> ${two.perSec} joins/s with 2 instances)`,
      );
    const loadAfter = loadAverage();
    console.log(
      JSON.stringify({
        at,
        quick,
        loadAverage: { before: loadBefore, after: loadAfter },
        generator: { tool: 'wrk', threads: 1, connections: 50, rounds, durationSec },
        perNode: {
          join: joinRun,
          status: statusRun,
          stateDirect: stateDirectRun,
          claim: claimRun,
          stateViaNginx: { ...stateRun, nginxCpu: stateNginxCpu, originPerSec: originStatePerSec },
        },
        pollers: pollersFigure,
        joinBatch,
        redisJoinCeiling: [single, one, two],
        inputs,
        peak2021: c,
        controlsDefault: { admissionRatePerSec: DEFAULT_CONTROLS.admissionRatePerSec },
      }),
    );
  } finally {
    for (const stop of cleanup.reverse()) await stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

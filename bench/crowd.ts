import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import type { Scenario } from '../protocol';
import { Crowd } from '../simulator/crowd/crowd';
import { loadScenario } from '../simulator/crowd/scenario-files';

/**
 * `npx tsx bench/crowd.ts [--citizens 10000] [--arrive-sec 20] [--hold-sec 60]`: how many virtual
 * citizens one simulator process keeps alive, and its CPU per 1,000. It starts a training server
 * (memory store) and the provider simulator, has a commander slow admission to 1 a second so the
 * crowd stays in the queue polling as told (pollAfterMs), brings N citizens in over `arrive-sec`,
 * holds them, and samples this process's CPU and event-loop delay every second. Polls answered
 * late by the simulator itself would show as event-loop delay.
 */
const { values } = parseArgs({
  options: { citizens: { type: 'string', default: '10000' }, 'arrive-sec': { type: 'string', default: '20' }, 'hold-sec': { type: 'string', default: '60' } },
});
const citizens = Number(values.citizens);
const arriveSec = Number(values['arrive-sec']);
const holdSec = Number(values['hold-sec']);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, REDIS_URL: '', SLUICE_METRICS_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitOk(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never answered`);
}

async function slowAdmission(serverUrl: string, password: string): Promise<void> {
  const res = await fetch(`${serverUrl}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'commander', password }),
  });
  const { token } = (await res.json()) as { token: string };
  const socket = io(`${serverUrl}/console`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(5000).emitWithAck('controls:update', { patch: { admissionRatePerSec: 1 }, reason: 'bench: keep the crowd waiting' })) as {
    ok: boolean;
  };
  socket.close();
  if (!ack.ok) throw new Error(`controls:update refused: ${JSON.stringify(ack)}`);
}

async function main(): Promise<void> {
  const [providersPort, serverPort] = [await freePort(), await freePort()];
  const password = `bench-${randomBytes(6).toString('hex')}`;
  const providers = start('simulator/providers/main.ts', { PORT: String(providersPort), LOG_LEVEL: 'silent' });
  const server = start('server/main.ts', {
    PORT: String(serverPort),
    SLUICE_MODE: 'training',
    SLUICE_DEMO_PASSWORD: password,
    PROVIDERS_URL: `http://127.0.0.1:${providersPort}`,
  });
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  try {
    await waitOk(`http://127.0.0.1:${providersPort}/healthz`);
    await waitOk(`${serverUrl}/readyz`);
    await slowAdmission(serverUrl, password);
    const base = loadScenario('smoke');
    const scenario: Scenario = {
      ...base,
      name: 'bench-crowd',
      durationSec: arriveSec + holdSec,
      population: { cohorts: [{ ...base.population.cohorts[0]!, size: citizens, devicesPerPerson: 1 }] },
      arrivals: { stages: [{ name: 'arrive', fromSec: 0, toSec: arriveSec, fraction: 1 }] },
      // Status polling, as the figure in the README was measured: the simulator's own cost per request.
      behaviour: { ...base.behaviour, patienceMeanSec: 1e9, etaWeight: 0, waitingClient: 'status' },
      faults: [],
    };
    const crowd = new Crowd(scenario, { serverUrl, scale: 1, timeFactor: 1, maxCitizens: 1_000_000, graceSec: 0, runTag: randomBytes(3).toString('hex') });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const rows: { t: number; active: number; waiting: number; cpuPct: number; reqPerSec: number; failed: number; lagP99Ms: number }[] = [];
    let cpu = process.cpuUsage();
    let at = performance.now();
    const began = performance.now();
    let requests = 0;
    const sampler = setInterval(() => {
      const now = performance.now();
      const used = process.cpuUsage(cpu);
      const cpuPct = ((used.user + used.system) / 1000 / (now - at)) * 100;
      rows.push({
        t: Math.round((now - began) / 1000),
        active: crowd.tally.active,
        waiting: crowd.tally.waiting,
        cpuPct: Math.round(cpuPct),
        reqPerSec: Math.round(((crowd.tally.requests - requests) * 1000) / (now - at)),
        failed: crowd.tally.failedRequests,
        lagP99Ms: Math.round(delay.percentile(99) / 1e6),
      });
      console.log(JSON.stringify(rows[rows.length - 1]));
      requests = crowd.tally.requests;
      cpu = process.cpuUsage();
      at = now;
      delay.reset();
    }, 1000);
    let heldCpu: NodeJS.CpuUsage | null = null;
    let heldRequestsFrom = 0;
    const holdFrom = setTimeout(
      () => {
        heldCpu = process.cpuUsage();
        heldRequestsFrom = crowd.tally.requests;
      },
      (arriveSec + 5) * 1000,
    );
    const holdAt = performance.now() + (arriveSec + 5) * 1000;
    await crowd.run(Date.now() + 200);
    clearInterval(sampler);
    clearTimeout(holdFrom);
    const heldWallMs = performance.now() - Math.max(holdAt, began);
    const heldUsage = process.cpuUsage(heldCpu ?? undefined);
    const heldRequests = crowd.tally.requests - heldRequestsFrom;
    const held = rows.filter((r) => r.t > arriveSec + 5 && r.t <= arriveSec + holdSec);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const active = mean(held.map((r) => r.active));
    const cpuPct = ((heldUsage.user + heldUsage.system) / 1000 / heldWallMs) * 100;
    console.log(
      JSON.stringify({
        citizensPlanned: crowd.plannedArrivals,
        peakActive: Math.max(...rows.map((r) => r.active)),
        heldActiveMean: Math.round(active),
        heldCpuPctOfOneCore: Math.round(cpuPct * 10) / 10,
        heldSec: Math.round(heldWallMs / 1000),
        cpuPctPer1000: Math.round((cpuPct / active) * 1000 * 100) / 100,
        heldRequestsPerSec: Math.round((heldRequests * 1000) / heldWallMs),
        cpuMsPerRequest: Math.round(((heldUsage.user + heldUsage.system) / 1000 / Math.max(1, heldRequests)) * 1000) / 1000,
        loadAverage: (await import('node:os')).loadavg().map((l) => Math.round(l * 10) / 10),
        lagP99MsMax: Math.max(...held.map((r) => r.lagP99Ms)),
        failedRequests: crowd.tally.failedRequests,
        ticketsLost: crowd.tally.ticketsLost,
      }),
    );
  } finally {
    server.kill('SIGKILL');
    providers.kill('SIGKILL');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

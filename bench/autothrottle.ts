import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import type { Ack, AuditEntry, DrillReport } from '../protocol';
import { loadScenario, runScenario } from '../simulator/crowd/run-scenario';
import { runProgram, waitForOk, type RunningProgram } from '../test/support/processes';
import { freePort } from '../test/support/redis-server';

/**
 * `npm run bench:autothrottle [-- --time-factor F --scale N]`: the 2021-07-19-collapse scenario twice
 * on the same seed, against a fresh server and provider simulator each time: once with the
 * admission rate left where the commander set it, once with the auto-throttle on (same opening rate,
 * bounds around it). Prints, for both, bookings per second, p95 of the ETA shown, abandonment,
 * the providers' error rate and the time until the system was healthy again; the last line is JSON.
 */
const SCENARIO = '2021-07-19-collapse';
const OPENING_RATE = 60;
const BOUNDS = { minRatePerSec: 5, maxRatePerSec: 120 };

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

interface Figures {
  bookedPerSec: number;
  booked: number;
  p95EtaShownSec: number | null;
  abandonment: number;
  providerErrorRate: number;
  healthyAgainSec: number | null;
  autopilotChanges: number;
  minRate: number;
  wallSec: number;
}

async function start(script: string, env: Record<string, string>): Promise<{ url: string; program: RunningProgram }> {
  const port = await freePort();
  const program = runProgram(script, { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/healthz`, program);
  return { url, program };
}

async function login(url: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'commander', password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** The commander's opening move, through the console gateway like any commander's. */
async function setControls(url: string, token: string, autopilot: boolean): Promise<void> {
  const socket = io(`${url}/console`, { auth: { token }, transports: ['websocket'] });
  try {
    const patch = { admissionRatePerSec: OPENING_RATE, autoThrottle: { enabled: autopilot, ...BOUNDS } };
    const ack = await new Promise<Ack>((resolve) => socket.emit('controls:update', { patch, reason: 'bench: opening controls' }, resolve));
    if (!ack.ok) throw new Error(`controls refused: ${ack.message}`);
  } finally {
    socket.close();
  }
}

function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

async function providerErrorRate(providersUrl: string): Promise<number> {
  const stats = (await (await fetch(`${providersUrl}/stats`)).json()) as {
    providers: Record<string, { requests: number; answered: Record<'ok' | 'rejected' | 'error' | 'overloaded', number> }>;
  };
  let requests = 0;
  let failed = 0;
  for (const p of Object.values(stats.providers)) {
    requests += p.requests;
    failed += p.answered.error + p.answered.overloaded;
  }
  return requests === 0 ? 0 : failed / requests;
}

async function autopilotRates(url: string, token: string, since: number): Promise<number[]> {
  const res = await fetch(`${url}/api/v1/console/audit?since=${since}&limit=10000`, { headers: { authorization: `Bearer ${token}` } });
  const { entries } = (await res.json()) as { entries: AuditEntry[] };
  return entries.filter((e) => e.actor === 'autopilot').map((e) => Number(e.params?.to));
}

async function runOnce(autopilot: boolean, options: { timeFactor?: number; scale?: number }): Promise<{ figures: Figures; report: DrillReport }> {
  const password = `bench-${randomBytes(6).toString('hex')}`;
  const providers = await start('simulator/providers/main.ts', {});
  const server = await start('server/main.ts', {
    SLUICE_MODE: 'training',
    SLUICE_DEMO_PASSWORD: password,
    PROVIDERS_URL: providers.url,
    SLUICE_JOINS_PER_SEC_PER_IP: '100000',
    SLUICE_JOINS_PER_MIN_PER_CLIENT: '100000',
  });
  try {
    const token = await login(server.url, password);
    await setControls(server.url, token, autopilot);
    const since = Date.now();
    const report = await runScenario(loadScenario(SCENARIO), { serverUrl: server.url, providersUrl: providers.url, token, ...options });
    const wallSec = (report.endedAt - report.startedAt) / 1000;
    const rates = await autopilotRates(server.url, token, since);
    const figures: Figures = {
      bookedPerSec: Math.round((report.crowd.booked / wallSec) * 100) / 100,
      booked: report.crowd.booked,
      p95EtaShownSec: p95(report.samples.flatMap((s) => (s.etaMaxSec === null ? [] : [s.etaMaxSec]))),
      abandonment: report.crowd.joined ? Math.round((report.crowd.abandoned / report.crowd.joined) * 1000) / 1000 : 0,
      providerErrorRate: Math.round((await providerErrorRate(providers.url)) * 1000) / 1000,
      healthyAgainSec: report.ttmSec,
      autopilotChanges: rates.length,
      minRate: Math.min(OPENING_RATE, ...rates),
      wallSec: Math.round(wallSec),
    };
    return { figures, report };
  } finally {
    server.program.kill();
    providers.program.kill();
  }
}

function row(name: string, f: Figures): void {
  const eta = f.p95EtaShownSec === null ? '—' : `${Math.round(f.p95EtaShownSec / 60)} min`;
  const healthy = f.healthyAgainSec === null ? 'never' : `${f.healthyAgainSec} s`;
  console.log(
    `${name.padEnd(20)} booked/s ${String(f.bookedPerSec).padStart(7)}   p95 ETA shown ${eta.padStart(8)}   abandoned ${(f.abandonment * 100).toFixed(1).padStart(5)} %   provider errors ${(f.providerErrorRate * 100).toFixed(1).padStart(5)} %   healthy again ${healthy.padStart(6)}   rate changes ${f.autopilotChanges} (lowest ${f.minRate}/s)`,
  );
}

async function main(): Promise<void> {
  const options = { timeFactor: arg('--time-factor') ?? 60, ...(arg('--scale') ? { scale: arg('--scale') } : {}) };
  const scenario = loadScenario(SCENARIO);
  console.log(
    `${SCENARIO}: seed ${scenario.seed}, scale 1:${options.scale ?? scenario.scale}, time factor ${options.timeFactor}; opening rate ${OPENING_RATE}/s, autopilot bounds ${BOUNDS.minRatePerSec}–${BOUNDS.maxRatePerSec}/s`,
  );
  const manual = await runOnce(false, options);
  row('rate left as set', manual.figures);
  const auto = await runOnce(true, options);
  row('auto-throttle on', auto.figures);
  console.log(
    JSON.stringify({
      at: new Date().toISOString(),
      scenario: SCENARIO,
      ...options,
      openingRate: OPENING_RATE,
      bounds: BOUNDS,
      manual: manual.figures,
      autopilot: auto.figures,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

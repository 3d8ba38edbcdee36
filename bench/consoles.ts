/**
 * Server CPU with 200 consoles attached, and the size of what they receive.
 * `npm run bench:consoles` (CONSOLES=200 SECONDS=10; REDIS_URL to run the server on Redis).
 * The server runs in a child process so its CPU is measured apart from the clients'.
 * Prints figures, then one JSON object on the last line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { io, type Socket } from 'socket.io-client';
import type { HistoryPayload, Snapshot } from '../protocol';

const CONSOLES = Number(process.env.CONSOLES ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 10);
const HISTORY_SEC = 900;

type ServerMessage = { ready: { port: number; token: string } } | { cpu: { userUs: number; systemUs: number } };

async function serverRole(): Promise<void> {
  const { buildApp } = await import('../server/app');
  const { testConfig } = await import('../server/config');
  const { DEFAULT_CONSOLE_CONFIG } = await import('../server/console/console-config');
  let offsetMs = (HISTORY_SEC + 1) * 1000;
  const clock = { now: () => Date.now() - offsetMs };
  const app = await buildApp(
    testConfig({
      redisUrl: process.env.REDIS_URL,
      keyPrefix: `bench${process.pid}`,
      tickIntervalMs: 100,
      controlsRefreshMs: 1000,
      healthSyncMs: 1000,
      console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 },
    }),
    { clock },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  // 15 minutes of history first, as a console opening mid-incident would find it.
  while (offsetMs > 0) {
    await app.consoleGateway.cycle.runOnce();
    offsetMs -= 1000;
  }
  offsetMs = 0;
  setInterval(() => void app.consoleGateway.cycle.runOnce(), 1000);
  await app.operators.add('bench', 'viewer', 'bench-password');
  const res = await app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { username: 'bench', password: 'bench-password' } });
  const port = (app.server.address() as { port: number }).port;
  process.send?.({ ready: { port, token: res.json<{ token: string }>().token } } satisfies ServerMessage);
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: { userUs: user, systemUs: system } } satisfies ServerMessage);
  });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

function startServer(): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, SLUICE_BENCH_ROLE: 'server' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.on('message', (m: ServerMessage) => {
      if ('ready' in m) resolve({ child, ...m.ready });
    });
  });
}

function serverCpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: ServerMessage) => {
      if (!('cpu' in m)) return;
      child.off('message', onMessage);
      resolve((m.cpu.userUs + m.cpu.systemUs) / 1000);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

async function measure(child: ChildProcess, seconds: number): Promise<number> {
  const cpu0 = await serverCpuMs(child);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu1 = await serverCpuMs(child);
  return ((cpu1 - cpu0) / (performance.now() - t0)) * 100;
}

async function main(): Promise<void> {
  const { child, port, token } = await startServer();
  const idlePct = await measure(child, Math.min(SECONDS, 5));

  const sockets: Socket[] = [];
  let snapshots = 0;
  let snapshotBytes = 0;
  let history: HistoryPayload | undefined;
  const cpuBefore = await serverCpuMs(child);
  const burstStart = performance.now();
  await Promise.all(
    Array.from({ length: CONSOLES }, () => {
      const socket = io(`http://127.0.0.1:${port}/console`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      socket.on('snapshot', (s: Snapshot) => {
        snapshots++;
        snapshotBytes = Buffer.byteLength(JSON.stringify(s));
      });
      return new Promise<void>((resolve, reject) => {
        socket.once('history', (h: HistoryPayload) => {
          history ??= h;
          resolve();
        });
        socket.once('connect_error', reject);
      });
    }),
  );
  const burstMs = performance.now() - burstStart;
  const burstCpuMs = (await serverCpuMs(child)) - cpuBefore;

  snapshots = 0;
  const countingSince = performance.now();
  const attachedPct = await measure(child, SECONDS);
  const perConsolePerSec = snapshots / CONSOLES / ((performance.now() - countingSince) / 1000);

  const historyJson = JSON.stringify(history ?? { snapshots: [] });
  const figures = {
    consoles: CONSOLES,
    store: process.env.REDIS_URL ? 'redis' : 'memory',
    snapshotBytes,
    historySnapshots: history?.snapshots.length ?? 0,
    historyBytes: Buffer.byteLength(historyJson),
    historyGzipBytes: gzipSync(historyJson).length,
    connectBurstMs: Math.round(burstMs),
    connectBurstServerCpuMs: Math.round(burstCpuMs),
    serverCpuIdlePct: Math.round(idlePct * 10) / 10,
    serverCpuWithConsolesPct: Math.round(attachedPct * 10) / 10,
    snapshotsPerConsolePerSec: Math.round(perConsolePerSec * 100) / 100,
  };
  console.log(`snapshot: ${figures.snapshotBytes} B JSON`);
  console.log(
    `history on connect: ${figures.historySnapshots} snapshots, ${figures.historyBytes} B JSON (${figures.historyGzipBytes} B gzip; sent with permessage-deflate)`,
  );
  console.log(`${CONSOLES} consoles connected with history in ${figures.connectBurstMs} ms, server CPU ${figures.connectBurstServerCpuMs} ms`);
  console.log(`server CPU: ${figures.serverCpuIdlePct} % with no console, ${figures.serverCpuWithConsolesPct} % with ${CONSOLES} attached`);
  console.log(`snapshots per console per second: ${figures.snapshotsPerConsolePerSec}`);
  for (const s of sockets) s.close();
  child.disconnect();
  console.log(JSON.stringify(figures));
}

if (process.env.SLUICE_BENCH_ROLE === 'server') {
  void serverRole();
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

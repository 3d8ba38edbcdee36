import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ENVIRONMENT_DEFAULTS, readEnvironment } from '../protocol/environment';
import { loadConfig } from '../server/config';
import { chooseConsole, desktopConsole, electronBinary, openBrowser } from './console-opener';
import { startTrainingStoreFault } from '../simulator/store-fault/training-store-fault';
import { Supervisor, type ChildSpec } from './start/supervisor';
import { SERVER_NODE_FLAGS } from '../server/runtime-flags';

const log = (line: string) => console.log(`[sluice] ${line}`);
const READY_TIMEOUT_MS = 120_000;

/** How this machine reaches a server listening on `host` (a wildcard address means loopback). */
function localOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${port}`;
}

/** Polls `/readyz` until 200, the deadline, or `gaveUp()` (a child died meanwhile). */
async function ready(origin: string, gaveUp: () => boolean): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !gaveUp()) {
    try {
      const res = await fetch(`${origin}/readyz`);
      await res.arrayBuffer();
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const tsx = (script: string) => ['--import', 'tsx', script];

/**
 * `npm start`: the whole training setup on one machine, in one terminal. Children, watched
 * alike by the Supervisor: the provider simulator, one server node (training mode; memory
 * store unless REDIS_URL is set, then reached through a store fault proxy in this process that
 * drills can cut; it prints the demo logins), the drill runner (scenarios for
 * trainers, a background crowd) and the desktop console when the Electron binary is installed
 * (else the browser opens). Ctrl-C or SIGTERM stops them all and
 * exits 0; a child that dies is reported, the rest are stopped, and this exits 1.
 */
async function main(): Promise<number> {
  // Every setting is checked before anything starts: a bad value stops here, not halfway.
  const settings = { ...ENVIRONMENT_DEFAULTS, ...readEnvironment(process.env, 'start') };
  const providersUrl = settings.PROVIDERS_URL ?? `http://127.0.0.1:${settings.PROVIDERS_PORT}`;
  const config = loadConfig({ ...process.env, PROVIDERS_URL: providersUrl }, { mode: 'training', logLevel: 'warn' });
  const origin = localOrigin(config.host, config.port);
  const electron = electronBinary();
  const opener = chooseConsole(settings.SLUICE_CONSOLE, electron);

  if (!existsSync('dist/console/index.html')) {
    log('building the console (first start)…');
    const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('console build failed');
  }
  const desktop: ChildSpec | null = opener === 'desktop' && electron ? desktopConsole(electron, origin, log) : null;

  log(`npm start (pid ${process.pid})`);
  const supervisor = new Supervisor({ log });
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return; // a Ctrl-C reaches us from the terminal and again relayed by npm
    stopping = true;
    log(`${reason}: stopping everything`);
    void supervisor.stop(reason);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
  // npm runs us under a shell. A SIGTERM sent to npm alone reaches only that shell, which dies
  // and leaves us an orphan: a new parent means whoever started us is gone, so we stop too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop('parent gone'), 1000).unref();
  process.once('exit', () => supervisor.killAll());

  if (!settings.PROVIDERS_URL) {
    const env = { ...process.env, PORT: String(settings.PROVIDERS_PORT), LOG_LEVEL: 'silent' };
    supervisor.start({ name: 'providers', command: process.execPath, args: tsx('simulator/providers/main.ts'), env });
  }
  // The server and its drill runner share a key made for this start (unless one is set).
  const simulatorKey = config.simulatorKey ?? randomBytes(32).toString('base64url');
  // On Redis, the server reaches it through a proxy that drills' store_blip faults can cut.
  const storeFault = config.redisUrl ? await startTrainingStoreFault(config.redisUrl, simulatorKey, log) : null;
  if (storeFault?.kind === 'proxied') {
    log(`store fault proxy: the server reaches Redis through ${new URL(storeFault.redisUrl).host} (a drill's store_blip cuts it)`);
  } else if (storeFault) log(`no store fault proxy: ${storeFault.reason}; a drill's store_blip is noted as not injected`);
  const serverEnv = {
    ...process.env,
    ...(storeFault?.kind === 'proxied' ? { REDIS_URL: storeFault.redisUrl } : {}),
    SLUICE_MODE: config.mode,
    PORT: String(config.port),
    PROVIDERS_URL: providersUrl,
    LOG_LEVEL: config.logLevel,
    SLUICE_SIMULATOR_KEY: simulatorKey,
  };
  supervisor.start({ name: 'server', command: process.execPath, args: [...SERVER_NODE_FLAGS, ...tsx('server/main.ts')], env: serverEnv });
  // The drill runner, with a gentle background crowd while no drill runs, once the server is ready.
  const runnerEnv = {
    ...process.env,
    SERVER_URL: origin,
    PROVIDERS_URL: providersUrl,
    SLUICE_SIMULATOR_KEY: simulatorKey,
    SLUICE_BACKGROUND_CROWD: 'true',
    ...(storeFault?.kind === 'proxied' ? { SLUICE_STORE_FAULT_URL: storeFault.controlUrl } : {}),
  };
  const runner: ChildSpec = { name: 'drill-runner', command: process.execPath, args: tsx('simulator/drill-runner/main.ts'), env: runnerEnv };

  let over = false;
  void supervisor.ended.then(() => (over = true));
  if (await ready(origin, () => over)) {
    log(`${config.mode} mode, ${config.redisUrl ? 'Redis' : 'memory'} store`);
    log(`console:   ${origin}/console/`);
    log(`citizens:  ${origin}/  (the citizen pages; their API: POST ${origin}/api/v1/queue/join)`);
    supervisor.start(runner);
    log('drill runner: bundled scenarios for trainers, and a gentle background crowd');
    if (desktop) supervisor.start(desktop);
    else if (opener === 'browser') openBrowser(`${origin}/console/`, log);
    log('Ctrl-C stops everything');
  } else if (!over) {
    log(`the server did not become ready within ${READY_TIMEOUT_MS / 1000} s`);
    await supervisor.stop('not ready');
    return 1;
  }

  const ending = await supervisor.ended;
  if (ending.kind === 'failed') return 1;
  log('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

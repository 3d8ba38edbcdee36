import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ENVIRONMENT_DEFAULTS, readEnvironment } from '../protocol/environment';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { seedDemoOperators } from '../server/operators/demo-operators';
import { openConsole } from './console-opener';

/**
 * `npm start`: the whole training setup on one machine — the identity-provider simulator in
 * its own process, one server node in training mode (memory store unless REDIS_URL is set),
 * demo operators printed once, and the console opened.
 */
async function main(): Promise<void> {
  const log = (line: string) => console.log(`[sluice] ${line}`);
  // Every setting is checked before anything starts: a bad value stops here, not halfway.
  const settings = { ...ENVIRONMENT_DEFAULTS, ...readEnvironment(process.env, 'start') };
  const providersUrl = settings.PROVIDERS_URL ?? `http://127.0.0.1:${settings.PROVIDERS_PORT}`;
  const config = loadConfig({ ...process.env, PROVIDERS_URL: providersUrl }, { mode: 'training', logLevel: 'warn' });

  if (!existsSync('dist/console/index.html')) {
    log('building the console (first start)…');
    const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('console build failed');
  }

  if (!settings.PROVIDERS_URL) {
    const providers = spawn(process.execPath, ['--import', 'tsx', 'simulator/providers/main.ts'], {
      env: { ...process.env, PORT: String(settings.PROVIDERS_PORT), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    process.once('exit', () => providers.kill());
  }

  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host}:${config.port}/console/`;
  log(`${config.mode} mode, ${app.store.kind} store, node ${config.nodeId}`);
  log(`console:   ${url}`);
  log(`citizens:  POST http://${config.host}:${config.port}/api/v1/queue/join`);
  const operators = await seedDemoOperators(app);
  if (operators) {
    log('demo operators (shown once):');
    for (const o of operators) log(`  ${o.username.padEnd(10)} ${o.role.padEnd(10)} password ${o.password}`);
  }
  openConsole(url, log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

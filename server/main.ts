import { buildApp } from './app';
import { loadConfig } from './config';
import { seedDemoOperators, type DemoOperator } from './operators/demo-operators';

/**
 * What a training node prints about the demo operators it created: the passwords only when it
 * made one up (nobody else knows it), the names only when it came from SLUICE_DEMO_PASSWORD.
 */
function demoOperatorLines(created: DemoOperator[], passwordFromEnvironment: boolean): string[] {
  if (passwordFromEnvironment) return [`[sluice] demo operators ${created.map((o) => o.username).join(', ')} (password: SLUICE_DEMO_PASSWORD)`];
  return ['[sluice] demo operators (shown once):', ...created.map((o) => `[sluice]   ${o.username.padEnd(10)} ${o.role.padEnd(10)} password ${o.password}`)];
}

/** `npm run server`: one node, configured by the environment (see README); live mode unless SLUICE_MODE says otherwise. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await buildApp(config);
  await app.ready();
  // Training only, and before the port opens, so a ready node always accepts them. Idempotent:
  // on a cluster the first node creates them and the others find them there.
  const created = await seedDemoOperators(app);
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ mode: config.mode, store: app.store.kind, node: config.nodeId }, 'sluice server ready');
  if (created) for (const line of demoOperatorLines(created, config.demoPassword !== undefined)) console.log(line);
  else if (config.mode === 'training') console.log('[sluice] demo operators exist already (passwords as printed when they were created)');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      void app.close().then(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { buildApp } from './app';
import { loadConfig } from './config';

/** `npm run server`: one node, configured by the environment (see README); live mode unless SLUICE_MODE says otherwise. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ mode: config.mode, store: app.store.kind, node: config.nodeId }, 'sluice server ready');
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

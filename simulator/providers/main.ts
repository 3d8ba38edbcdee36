import { ENVIRONMENT_DEFAULTS, PROVIDERS_PORT, readEnvironment } from '../../protocol/environment';
import { startProviderSimulator } from './server';

/** `npm run providers`: the six identity providers for drills. PORT (default 8090), HOST, LOG_LEVEL. */
async function main(): Promise<void> {
  const settings = { ...ENVIRONMENT_DEFAULTS, ...readEnvironment(process.env, 'providers') };
  const simulator = await startProviderSimulator({
    port: settings.PORT ?? PROVIDERS_PORT,
    host: settings.HOST,
    logger: settings.LOG_LEVEL !== 'silent',
  });
  console.log(`identity providers listening on ${simulator.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void simulator.close().then(() => process.exit(0)));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { startProviderSimulator } from './server';

/** `npm run providers`: the six identity providers for drills. PORT (default 8090), HOST. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8090);
  const host = process.env.HOST ?? '127.0.0.1';
  const simulator = await startProviderSimulator({ port, host, logger: process.env.LOG_LEVEL !== 'silent' });
  console.log(`identity providers listening on ${simulator.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void simulator.close().then(() => process.exit(0)));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';

/**
 * The servers under test, in their own process so the load generator does not share its
 * event loop: a bare Fastify route and a one-INCR route (the baselines) and Sluice itself.
 * Prints one JSON line with the ports, then serves until killed.
 */
async function main(): Promise<void> {
  const redisUrl = process.argv[2];
  if (!redisUrl) throw new Error('usage: waiting-room-target.ts <redis-url>');

  const bare = Fastify({ logger: false });
  const redis = new Redis(redisUrl);
  bare.get('/bare', async () => ({ ok: true }));
  bare.post('/incr', async () => ({ n: await redis.incr('{bench}:incr') }));
  await bare.listen({ port: 0, host: '127.0.0.1' });

  const config = loadConfig(
    { SLUICE_MODE: 'training', REDIS_URL: redisUrl, LOG_LEVEL: 'warn', SLUICE_KEY_PREFIX: 'bench', SLUICE_JOINS_PER_SEC_PER_IP: '10000000' },
    {},
  );
  const app = await buildApp(config);
  // Paused: joins are taken, nobody is admitted, so every status poll answers `waiting`.
  await app.controls.update({ gate: 'paused' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (s: { server: { address(): unknown } }) => (s.server.address() as { port: number }).port;
  console.log(JSON.stringify({ bare: port(bare), sluice: port(app) }));
  process.once('SIGINT', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

import Fastify from 'fastify';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { connectRedis } from '../server/store/redis/connection';

/**
 * The servers under test, in their own process so the load generator does not share its
 * event loop: a bare Fastify route and a one-INCR route (the baselines; the INCR goes through a
 * connection made exactly as the server makes its own) and Sluice itself. Prints one JSON line
 * with the ports and this process's id, then serves until killed.
 * `--admit` leaves the gate open at a high rate (claim figures); by default it is paused, so
 * every status poll answers `waiting`.
 */
async function main(): Promise<void> {
  const redisUrl = process.argv[2];
  if (!redisUrl) throw new Error('usage: waiting-room-target.ts <redis-url> [--admit] [--count] [--prefix p] [--secret s]');
  const admit = process.argv.includes('--admit');
  const flag = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };

  const bare = Fastify({ logger: false });
  const redis = connectRedis(redisUrl, 'bench-incr');
  await redis.connect();
  bare.get('/bare', async () => ({ ok: true }));
  bare.post('/incr', async () => ({ n: await redis.incr('{bench}:incr') }));

  const config = loadConfig(
    {
      SLUICE_MODE: 'training',
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'warn',
      SLUICE_KEY_PREFIX: flag('--prefix') ?? 'bench',
      SLUICE_JOINS_PER_SEC_PER_IP: '10000000',
      // Off: several targets (and other programs) may run at once; nothing here scrapes it.
      SLUICE_METRICS_PORT: '0',
      ...(flag('--secret') ? { SLUICE_SECRET: flag('--secret') } : {}),
    },
    {},
  );
  const app = await buildApp(config);
  // --count: how many requests reached this node, by path (GET /counts on the baseline port), for
  // the origin's share behind a cache. Off otherwise: it would add a hook to every request.
  if (process.argv.includes('--count')) {
    const seen: Record<string, number> = {};
    app.addHook('onRequest', (request, _reply, done) => {
      const path = request.url.split('?')[0]!;
      seen[path] = (seen[path] ?? 0) + 1;
      done();
    });
    bare.get('/counts', async () => seen);
  }
  await bare.listen({ port: 0, host: '127.0.0.1' });
  await app.controls.update(admit ? { gate: 'open', admissionRatePerSec: 100_000, maxActiveSessions: 10_000_000 } : { gate: 'paused' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (s: { server: { address(): unknown } }) => (s.server.address() as { port: number }).port;
  console.log(JSON.stringify({ bare: port(bare), sluice: port(app), pid: process.pid }));
  process.once('SIGINT', () => process.exit(0));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

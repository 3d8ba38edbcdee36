import { RedisServer } from '../test/support/redis-server';
import { startTarget, joinTickets, clientIdPrefixes, row } from './waiting-room';
import { linesFile, wrk } from './wrk';
const which = process.argv[2]!;
const redis = await new RedisServer().start();
const t = await startTarget(redis.url);
const joinUrl = `http://127.0.0.1:${t.ports.sluice}/api/v1/queue/join`;
const tickets = linesFile('t', await joinTickets(joinUrl, 5000));
const clients = linesFile('c', clientIdPrefixes());
const load =
  which === 'status'
    ? { url: `http://127.0.0.1:${t.ports.sluice}/api/v1/queue/status`, mode: 'bearer' as const, lines: tickets }
    : { url: joinUrl, mode: 'client' as const, lines: clients };
row(which, await wrk({ ...load, durationSec: 8, watch: { server: t.pid } }));
t.stop();
await new Promise((r) => setTimeout(r, 1500));
await redis.stop();

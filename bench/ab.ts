import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RedisServer } from '../test/support/redis-server';
import { loadAverage } from './cpu';
import { pinningText } from './pinning';
import { clientIdPrefixes, joinTickets, redisPid, startTarget, type Target } from './waiting-room';
import { linesFile, requireWrk, wrk, type WrkLoad } from './wrk';

/**
 * `npm run bench:ab -- <git revision> [status|join] [--rounds N]`: is this checkout's hot path
 * cheaper than the revision's? Both run at once as separate servers on one Redis (the revision from
 * a temporary git worktree), measured alternately, each subject right after its own baseline (bare
 * Fastify for status, the one-INCR route for join) in the same process; prints the median ratio and
 * the server's CPU per request of each. Separate processes of one build differ by a few percent,
 * so read differences under ~0.03 as noise.
 */
const [revision, routeArg = 'status'] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--rounds');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 6;
if (!revision || !['status', 'join'].includes(routeArg) || !(rounds > 0)) {
  console.error('usage: npm run bench:ab -- <git revision> [status|join] [--rounds N]');
  process.exit(2);
}
const route = routeArg as 'status' | 'join';

function worktreeOf(rev: string): { dir: string; remove: () => void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'sluice-ab-')), 'checkout');
  execFileSync('git', ['worktree', 'add', '--detach', dir, rev], { stdio: 'ignore' });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  return { dir, remove: () => execFileSync('git', ['worktree', 'remove', '--force', dir], { stdio: 'ignore' }) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  requireWrk();
  const tree = worktreeOf(revision!);
  const redis = await new RedisServer().start();
  const targets: { name: string; target: Target }[] = [];
  try {
    targets.push({ name: revision!, target: await startTarget(redis.url, ['--prefix', 'ab-base'], tree.dir) });
    targets.push({ name: 'this checkout', target: await startTarget(redis.url, ['--prefix', 'ab-this']) });
    const redisProcess = await redisPid(redis.url, true);
    const clients = linesFile('clients', clientIdPrefixes());
    const loads = await Promise.all(
      targets.map(async ({ target }) => {
        const watch = { server: target.pid, redis: redisProcess };
        const node = `http://127.0.0.1:${target.ports.sluice}`;
        const baseline = `http://127.0.0.1:${target.ports.bare}`;
        if (route === 'join') {
          const subject: Omit<WrkLoad, 'durationSec'> = { url: `${node}/api/v1/queue/join`, mode: 'client', lines: clients, watch };
          return { baseline: { ...subject, url: `${baseline}/incr` }, subject };
        }
        const tickets = linesFile('tickets', await joinTickets(`${node}/api/v1/queue/join`, 5000));
        const subject: Omit<WrkLoad, 'durationSec'> = { url: `${node}/api/v1/queue/status`, mode: 'bearer', lines: tickets, watch };
        return { baseline: { ...subject, url: `${baseline}/bare` }, subject };
      }),
    );
    for (const load of loads) for (const l of [load.baseline, load.subject]) await wrk({ ...l, durationSec: 3 });
    console.log(`bench:ab ${route} — ${rounds} rounds of 2 s pairs; ${pinningText()}; load average ${loadAverage()}`);
    const results = loads.map(() => ({ ratio: [] as number[], us: [] as number[] }));
    for (let r = 0; r < rounds; r++) {
      for (const [i, load] of loads.entries()) {
        const b = await wrk({ ...load.baseline, durationSec: 2 });
        const s = await wrk({ ...load.subject, durationSec: 2 });
        results[i]!.ratio.push(s.reqPerSec / b.reqPerSec);
        results[i]!.us.push(s.usPerRequest.server!);
      }
    }
    for (const [i, { name }] of targets.entries()) {
      const { ratio, us } = results[i]!;
      console.log(
        `${name.padEnd(16)} ${route} / ${route === 'join' ? 'INCR' : 'bare'} ${median(ratio).toFixed(2)}  (${ratio.map((x) => x.toFixed(2)).join(' ')});  server ${median(us)} µs a request`,
      );
    }
  } finally {
    for (const { target } of targets) target.stop();
    await redis.stop();
    tree.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

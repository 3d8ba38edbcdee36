import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { startNodes, stopNodes } from '../support/cluster';
import { recordFault } from '../support/fault-record';
import { admittedCitizens, fastIdentityConfig, newPerson, syncHealth, verifyAt } from '../server/identity/admitted-citizen';

/** Handles and requests this process holds, by kind (sockets, timers, …). */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const connections = (app: FastifyInstance) => new Promise<number>((resolve, reject) => app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

/** Every kind at or below what it was before. */
const noMoreThan = (now: Record<string, number>, before: Record<string, number>) =>
  Object.entries(now)
    .filter(([kind, n]) => n > (before[kind] ?? 0))
    .map(([kind, n]) => `${kind}: ${before[kind] ?? 0} -> ${n}`);

describe('a provider that accepts connections and never answers', () => {
  let sim: ProviderSimulator;
  let app: FastifyInstance;
  const clock = new ManualClock();
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

  beforeAll(async () => {
    sim = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
    // A 2 s timeout: short enough for a quick test, long enough that a busy machine's 5 ms answers never time out.
    const identity = { ...fastIdentityConfig(), timeoutMs: 2000 };
    [app] = (await startNodes(1, { providersUrl: sim.url, identity, joinsPerSecPerIp: 1_000_000 }, { clock })) as [FastifyInstance];
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    sim.faults.clear();
    await stopNodes([app]);
    // The simulator's close waits for keep-alive sockets of the process-wide fetch pool; bounded so the file ends.
    await Promise.race([sim.close(), new Promise((r) => setTimeout(r, 3000).unref())]);
  });

  it('times every call out, opens the circuit, and leaks no socket, timer or listener', async () => {
    const next = await admittedCitizens(app, clock, 60);
    // Warm-up at the same concurrency, so the pools hold what they normally hold.
    const warm = await Promise.all(Array.from({ length: 12 }, () => verifyAt(app, next(), newPerson('phone'))));
    expect(warm.map((a) => a.status)).toEqual(Array(12).fill(200));
    const before = resources();
    const connectionsBefore = await connections(app);
    const listenersBefore = process.listenerCount('warning') + process.listenerCount('exit') + process.listenerCount('uncaughtException');

    sim.faults.add({ provider: 'phone', kind: 'hang' });
    const hung = await Promise.all(Array.from({ length: 12 }, () => verifyAt(app, next(), newPerson('phone'))));
    expect(hung.map((a) => `${a.status} ${a.body.error}`)).toEqual(Array(12).fill('504 provider_timeout'));
    await syncHealth([app], clock);
    expect(app.identity.health().find((h) => h.id === 'phone')).toMatchObject({ circuit: 'open', light: 'red', timeouts: 12 });
    // The circuit is open: refused at once, the provider not called.
    const sent = sim.stats.snapshot().phone.requests;
    const refused = await Promise.all(Array.from({ length: 10 }, () => verifyAt(app, next(), newPerson('phone'))));
    expect(refused.map((a) => `${a.status} ${a.body.error}`)).toEqual(Array(10).fill('503 provider_unavailable'));
    expect(sim.stats.snapshot().phone.requests).toBe(sent);

    // The abandoned calls were cut at the provider, and nothing they held is left behind.
    await expect.poll(() => sim.stats.snapshot().phone.inflight, { timeout: 5000 }).toBe(0);
    await expect.poll(() => noMoreThan(resources(), before), { timeout: 15_000, interval: 200 }).toEqual([]);
    expect(await connections(app)).toBeLessThanOrEqual(connectionsBefore);
    expect(process.listenerCount('warning') + process.listenerCount('exit') + process.listenerCount('uncaughtException')).toBe(listenersBefore);
    // A listener leak shows as MaxListenersExceededWarning.
    expect(warnings).toEqual([]);
    recordFault({
      fault: 'Identity provider hangs (accepts, never answers)',
      load: '12 concurrent verifications into the hang, 10 more after',
      outcome: '12 × 504 provider_timeout, circuit open, 10 × 503 at once; sockets, timers and listeners back to their count before',
    });
  }, 40_000);
});

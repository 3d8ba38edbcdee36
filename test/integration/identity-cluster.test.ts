import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { admittedCitizen, admittedCitizens, fastIdentityConfig, lightsOf, newPerson, syncHealth, verifyAt } from '../server/identity/admitted-citizen';

let redis: RedisServer;
let sim: ProviderSimulator;
let nodes: FastifyInstance[];
let clock: ManualClock;
let token: string;
/** A fresh admission per person verified (one admission verifies one person). */
let next: () => string;

beforeAll(async () => {
  redis = await new RedisServer().start();
  sim = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
  clock = new ManualClock();
  nodes = await startNodes(2, { redisUrl: redis.url, providersUrl: sim.url, identity: fastIdentityConfig(), joinsPerSecPerIp: 1_000_000 }, { clock });
  token = await admittedCitizen(nodes[0]!, clock);
  next = await admittedCitizens(nodes[0]!, clock, 120);
});
afterAll(async () => {
  await stopNodes(nodes ?? []);
  await sim?.close();
  await redis?.stop();
});

describe('identity gateway on two nodes sharing one Redis', () => {
  it('reports identical health and lights on both nodes, merged from both nodes calls', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    sim.faults.add({ provider: 'kakao', kind: 'errors', rate: 0.4 });
    sim.faults.add({ provider: 'naver', kind: 'latency', latencyMs: 400 });
    // Each provider is called through one node only; both nodes must still report all of them.
    for (let i = 0; i < 5; i++) await verifyAt(a, next(), newPerson('kakao'));
    for (let i = 0; i < 5; i++) await verifyAt(b, next(), newPerson('kakao'));
    await Promise.all(Array.from({ length: 6 }, () => verifyAt(a, next(), newPerson('naver'))));
    for (let i = 0; i < 6; i++) await verifyAt(b, next(), newPerson('pass'));
    await syncHealth(nodes, clock);

    expect(a.identity.health()).toEqual(b.identity.health());
    expect(lightsOf(a)).toEqual({ phone: 'green', ipin: 'green', jointcert: 'green', naver: 'yellow', kakao: 'red', pass: 'green' });
    const kakao = a.identity.health().find((h) => h.id === 'kakao')!;
    expect(kakao).toMatchObject({ successRate: 0.6, errors: 4, requestsPerSec: 3.33 });
    const statusA = await (await fetch(`${baseUrl(a)}/api/v1/providers/status`)).json();
    const statusB = await (await fetch(`${baseUrl(b)}/api/v1/providers/status`)).json();
    expect(statusA).toEqual(statusB);
    sim.faults.clear();
  });

  it('shows a circuit opened on one node as open on every node', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    sim.faults.add({ provider: 'ipin', kind: 'outage' });
    for (let i = 0; i < 6; i++) await verifyAt(b, next(), newPerson('ipin'));
    expect((await verifyAt(b, next(), newPerson('ipin'))).status).toBe(503);
    await syncHealth(nodes, clock);
    // Node a never called ipin, yet reports the circuit node b opened.
    expect(a.identity.health().find((h) => h.id === 'ipin')).toMatchObject({ circuit: 'open', light: 'red' });
    expect(a.identity.health()).toEqual(b.identity.health());
    sim.faults.clear();
  });

  it('splits maxInflight between the nodes, so the provider never sees more than the limit in all', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    expect((await a.controls.update({ providers: { pass: { maxInflight: 4 } } })).ok).toBe(true);
    await expect.poll(() => b.controls.current.providers.pass.maxInflight).toBe(4);
    await syncHealth(nodes, clock);
    sim.faults.add({ provider: 'pass', kind: 'latency', latencyMs: 300 });
    sim.stats.reset();
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => verifyAt(i % 2 ? a : b, next(), newPerson('pass'))));
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);
    expect(burst.every((r) => r.status === 200 || r.body.error === 'provider_busy')).toBe(true);
    expect(sim.stats.snapshot().pass.maxInflight).toBe(4);
    sim.faults.clear();
  });

  it('applies the 10-minute rule across nodes: a second device on another node is refused', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    const person = { ...newPerson('pass'), deviceId: 'phone-of-lee' };
    expect((await verifyAt(a, token, person)).status).toBe(200);
    const other = await verifyAt(b, token, { ...person, deviceId: 'pc-of-broker' });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('other_device');
    expect((await verifyAt(b, token, person)).body.error).toBe('verify_too_soon');
  });
});

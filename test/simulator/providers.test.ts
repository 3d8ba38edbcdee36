import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../protocol';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import type { ProviderTraffic } from '../../simulator/providers/traffic-stats';

let sim: ProviderSimulator;

beforeAll(async () => {
  sim = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
});
afterAll(() => sim.close());
afterEach(async () => {
  await fetch(`${sim.url}/faults`, { method: 'DELETE' });
  await fetch(`${sim.url}/stats`, { method: 'DELETE' });
});

function verify(provider: string, body: unknown = { name: '김민수', birthDate: '1985-03-09' }, signal?: AbortSignal) {
  return fetch(`${sim.url}/providers/${provider}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

async function stats(): Promise<Record<string, ProviderTraffic>> {
  return ((await (await fetch(`${sim.url}/stats`)).json()) as { providers: Record<string, ProviderTraffic> }).providers;
}

function addFault(spec: Record<string, unknown>) {
  return fetch(`${sim.url}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
}

describe('provider simulator', () => {
  it('gives the same person the same ci at every provider, and different people different ones', async () => {
    const cis = await Promise.all(PROVIDER_IDS.map(async (id) => ((await (await verify(id)).json()) as { ci: string }).ci));
    expect(new Set(cis).size).toBe(1);
    const other = (await (await verify('kakao', { name: '김민수', birthDate: '1985-03-19' })).json()) as { ci: string };
    expect(other.ci).not.toBe(cis[0]);
  });

  it('confirms the birth date on record for a person on record, and the given one for anyone else', async () => {
    const added = await fetch(`${sim.url}/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '박지훈', birthDate: '1992-11-02', phone: '010-1234-5678' }),
    });
    expect(added.status).toBe(201);
    const onRecord = { ci: expect.any(String), birthDate: '1992-11-02' };
    expect(await (await verify('phone', { name: '박지훈', birthDate: '1950-11-02', phone: '010-1234-5678' })).json()).toEqual(onRecord);
    expect(await (await verify('kakao', { name: '박지훈', birthDate: '1992-11-02', phone: '010-1234-5678' })).json()).toEqual(onRecord);
    // Another 박지훈 (another phone) is not on record: his details are as given.
    expect(await (await verify('phone', { name: '박지훈', birthDate: '1950-11-02', phone: '010-9999-0000' })).json()).toEqual({
      ci: expect.any(String),
      birthDate: '1950-11-02',
    });
    const bad = await fetch(`${sim.url}/people`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x","birthDate":"1990-02-30"}',
    });
    expect(bad.status).toBe(400);
    expect(await (await fetch(`${sim.url}/people`, { method: 'DELETE' })).json()).toEqual({ removed: 1 });
  });

  it('refuses malformed requests and fault specs with 400 and a message', async () => {
    const bad = await verify('kakao', { name: '', birthDate: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_request' });
    expect((await verify('nosuch')).status).toBe(400);
    for (const spec of [
      { provider: 'kakao', kind: 'melt' },
      { provider: 'nosuch', kind: 'errors' },
      { provider: 'kakao', kind: 'errors', rate: 1.5 },
      { provider: 'kakao', kind: 'latency' },
      { provider: 'kakao', kind: 'capacity' },
    ]) {
      const res = await addFault(spec);
      expect(res.status, JSON.stringify(spec)).toBe(400);
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0);
    }
    expect(((await (await fetch(`${sim.url}/faults`)).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('answers 422 for a birth date that is not a calendar date', async () => {
    expect((await verify('naver', { name: 'Lee', birthDate: '1990-02-30' })).status).toBe(422);
  });

  it('fails exactly the injected share of calls, only at the faulted provider', async () => {
    const res = await addFault({ provider: 'kakao', kind: 'errors', rate: 0.4 });
    const { id } = (await res.json()) as { id: string };
    const kakao = await Promise.all(Array.from({ length: 20 }, () => verify('kakao')));
    expect(kakao.filter((r) => r.status === 500)).toHaveLength(8);
    const naver = await Promise.all(Array.from({ length: 10 }, () => verify('naver')));
    expect(naver.every((r) => r.status === 200)).toBe(true);
    expect((await fetch(`${sim.url}/faults/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await verify('kakao')).status).toBe(200);
    expect((await fetch(`${sim.url}/faults/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('adds injected latency, and a fault with durationSec lifts by itself', async () => {
    await addFault({ provider: 'pass', kind: 'latency', latencyMs: 400, durationSec: 0.45 });
    let started = performance.now();
    await verify('pass');
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    await expect.poll(async () => ((await (await fetch(`${sim.url}/faults`)).json()) as { faults: unknown[] }).faults).toEqual([]);
    started = performance.now();
    await verify('pass');
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('cuts the connection during an outage and holds the call during a hang', async () => {
    await addFault({ provider: 'ipin', kind: 'outage' });
    await expect(verify('ipin')).rejects.toThrow();
    await addFault({ provider: 'phone', kind: 'hang' });
    const abort = AbortSignal.timeout(200);
    await expect(verify('phone', undefined, abort)).rejects.toThrow();
    await expect.poll(async () => (await stats()).phone?.inflight).toBe(0);
  });

  it('queues calls beyond its capacity, so a burst is slower but never more than capacity is served at once', async () => {
    await addFault({ provider: 'naver', kind: 'capacity', capacity: 2 });
    await addFault({ provider: 'naver', kind: 'latency', latencyMs: 50 });
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: 6 }, () => verify('naver')));
    const elapsed = performance.now() - started;
    expect(replies.every((r) => r.status === 200)).toBe(true);
    // 6 calls, 2 at a time, 55 ms each: three rounds.
    expect(elapsed).toBeGreaterThanOrEqual(150);
  });

  it('counts concurrent calls per provider and the most seen at once, until reset', async () => {
    await addFault({ provider: 'jointcert', kind: 'latency', latencyMs: 80 });
    await Promise.all(Array.from({ length: 7 }, () => verify('jointcert')));
    const seen = await stats();
    expect(seen.jointcert).toMatchObject({ inflight: 0, maxInflight: 7, requests: 7 });
    expect(seen.kakao?.requests).toBe(0);
    await fetch(`${sim.url}/stats`, { method: 'DELETE' });
    expect((await stats()).jointcert?.maxInflight).toBe(0);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import type { FaultSpec } from '../../protocol';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { admittedCitizen, admittedCitizens, fastIdentityConfig, lightsOf, newPerson, syncHealth, verifyAt } from '../server/identity/admitted-citizen';

let redis: RedisServer;
let sim: ProviderSimulator;
let app: FastifyInstance;
let clock: ManualClock;
let token: string;
/** A fresh admission per person verified (one admission verifies one person). */
let next: () => string;

beforeAll(async () => {
  redis = await new RedisServer().start();
  sim = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
});
afterAll(async () => {
  await sim?.close();
  await redis?.stop();
});

beforeEach(async () => {
  clock = new ManualClock();
  app = (await startNodes(1, { redisUrl: redis.url, providersUrl: sim.url, identity: fastIdentityConfig(), joinsPerSecPerIp: 1_000_000 }, { clock }))[0]!;
  token = await admittedCitizen(app, clock);
  next = await admittedCitizens(app, clock, 70);
});
afterEach(async () => {
  await stopNodes([app]);
  sim.faults.clear();
  sim.stats.reset();
});

function fault(spec: FaultSpec): void {
  sim.faults.add(spec);
}

describe('identity verification', () => {
  it('refuses a missing, forged or wrong-kind token with 401 and never calls a provider', async () => {
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const ticket = (
      (await (await fetch(`${baseUrl(app)}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
        ticket: string;
      }
    ).ticket;
    for (const bad of [undefined, forged, ticket, 'not.a.token']) {
      const answer = await verifyAt(app, bad, newPerson('kakao'));
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_access');
      expect(answer.body.message).toMatch(/access token/);
    }
    expect(sim.stats.snapshot().kakao.requests).toBe(0);
  });

  it('issues an identity token carrying ticket number, birth date and person id', async () => {
    const answer = await verifyAt(app, token, { ...newPerson('naver'), deviceId: 'device-0001' });
    expect(answer.status).toBe(200);
    const claims = app.tokens.verify('identity', answer.body.identityToken as string);
    expect(claims.ok && claims.claims).toMatchObject({ ticketNumber: 1, birthDate: '1985-03-09' });
    expect(claims.ok && claims.claims.personId).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(answer.body.expiresAt).toBe(clock.now() + 30 * 60_000);
  });

  it('rejects a bad body with 400 and details the provider cannot confirm with 422', async () => {
    expect((await verifyAt(app, token, { provider: 'kakao', name: 'x' })).status).toBe(400);
    expect((await verifyAt(app, token, { ...newPerson('nosuch') })).status).toBe(400);
    const unconfirmed = await verifyAt(app, token, { ...newPerson('kakao'), birthDate: '1985-02-30' });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.error).toBe('identity_not_confirmed');
  });

  it('signs the birth date the provider has on record: a citizen who types an older one gets no token', async () => {
    // 이영희 is on the providers' records, born 1990-05-05; she claims 1941 to book in the over-80 window.
    sim.people.add({ name: '이영희', birthDate: '1990-05-05' });
    const lying = await verifyAt(app, token, { provider: 'pass', name: '이영희', birthDate: '1941-05-05' });
    expect(lying.status).toBe(422);
    expect(lying.body).toEqual({ error: 'identity_not_confirmed', message: expect.stringMatching(/could not confirm/) });
    expect(lying.body.identityToken).toBeUndefined();
    expect(sim.stats.snapshot().pass.answered.ok).toBe(1);
    const honest = await verifyAt(app, token, { provider: 'pass', name: '이영희', birthDate: '1990-05-05' });
    expect(honest.status).toBe(200);
    const claims = app.tokens.verify('identity', honest.body.identityToken as string);
    expect(claims.ok && claims.claims.birthDate).toBe('1990-05-05');
    sim.people.clear();
  });

  it('turns kakao red within the window at 40 % errors while the others stay green, and green again after the fault', async () => {
    fault({ provider: 'kakao', kind: 'errors', rate: 0.4 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await verifyAt(app, next(), newPerson('kakao'))).status);
    // Every other provider carries traffic too (enough for a light of its own), so "green" is measured, not a default.
    const others = ['phone', 'ipin', 'jointcert', 'naver', 'pass'];
    for (const other of others) for (let i = 0; i < 5; i++) expect((await verifyAt(app, next(), newPerson(other))).status).toBe(200);
    expect(statuses.filter((s) => s === 502)).toHaveLength(8);
    await syncHealth([app], clock);
    expect(lightsOf(app)).toEqual({ phone: 'green', ipin: 'green', jointcert: 'green', naver: 'green', kakao: 'red', pass: 'green' });
    for (const other of others) {
      expect(sim.stats.snapshot()[other as 'phone'].requests).toBe(5);
      expect(app.identity.health().find((h) => h.id === other)).toMatchObject({ successRate: 1, errors: 0, timeouts: 0 });
      expect(Math.round(app.identity.health().find((h) => h.id === other)!.requestsPerSec * 3)).toBe(5);
    }
    const kakao = app.identity.health().find((h) => h.id === 'kakao')!;
    expect(kakao).toMatchObject({ successRate: 0.6, errors: 8, circuit: 'closed', windowSec: 3 });

    const status = await fetch(`${baseUrl(app)}/api/v1/providers/status`);
    expect(status.headers.get('cache-control')).toContain('max-age=1');
    const reply = (await status.json()) as { providers: { id: string; light: string; label: { ko: string } }[]; updatedAt: number };
    expect(reply.providers.find((p) => p.id === 'kakao')).toEqual({ id: 'kakao', light: 'red', label: { ko: '카카오', en: 'Kakao' } });
    expect(reply.updatedAt).toBe(clock.now());

    sim.faults.clear();
    for (let i = 0; i < 10; i++) expect((await verifyAt(app, next(), newPerson('kakao'))).status).toBe(200);
    clock.advance(2000);
    await syncHealth([app], clock);
    // The failing second has left the 3 s window.
    expect(lightsOf(app).kakao).toBe('green');
  });

  it('opens the circuit on an outage, refuses at once naming green alternatives, and half-opens after the break', async () => {
    fault({ provider: 'ipin', kind: 'outage' });
    for (let i = 0; i < 6; i++) expect((await verifyAt(app, next(), newPerson('ipin'))).body.error).toBe('provider_error');
    const sent = sim.stats.snapshot().ipin.requests;
    const refused = await verifyAt(app, next(), newPerson('ipin'));
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('provider_unavailable');
    expect(refused.body.alternatives).toEqual(['phone', 'jointcert', 'naver', 'kakao', 'pass']);
    expect(refused.body.message).toMatch(/choose another provider/);
    expect(sim.stats.snapshot().ipin.requests).toBe(sent);
    await syncHealth([app], clock);
    expect(app.identity.health().find((h) => h.id === 'ipin')).toMatchObject({ circuit: 'open', light: 'red' });

    // The break is wall-clock time inside the breaker: wait for the state change, not a fixed 1,050 ms.
    await expect
      .poll(
        async () => {
          await app.identity.flush();
          await app.identity.refresh();
          return app.identity.health().find((h) => h.id === 'ipin')?.circuit;
        },
        { timeout: 5000, interval: 50 },
      )
      .toBe('half-open');
    sim.faults.clear();
    expect((await verifyAt(app, next(), newPerson('ipin'))).status).toBe(200);
    await syncHealth([app], clock);
    expect(app.identity.health().find((h) => h.id === 'ipin')?.circuit).toBe('closed');
  });

  it('turns a provider yellow when its p95 latency passes the threshold', async () => {
    fault({ provider: 'naver', kind: 'latency', latencyMs: 400 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => verifyAt(app, next(), newPerson('naver'))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await syncHealth([app], clock);
    const naver = app.identity.health().find((h) => h.id === 'naver')!;
    expect(naver.light).toBe('yellow');
    expect(naver.p95Ms).toBeGreaterThan(300);
    expect(naver.successRate).toBe(1);
  });

  it('answers 504 when a provider hangs past the timeout, and counts the timeouts against it', async () => {
    fault({ provider: 'phone', kind: 'hang' });
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => verifyAt(app, next(), newPerson('phone'))));
    expect(performance.now() - started).toBeLessThan(3000);
    for (const a of answers) {
      expect(a.status).toBe(504);
      expect(a.body.error).toBe('provider_timeout');
      expect(a.body.alternatives).toContain('kakao');
    }
    await syncHealth([app], clock);
    expect(app.identity.health().find((h) => h.id === 'phone')).toMatchObject({ light: 'red', timeouts: 5, successRate: 0 });
    // The abandoned calls were cut, not left hanging at the provider.
    await expect.poll(() => sim.stats.snapshot().phone.inflight).toBe(0);
  });

  it('answers 503 with green alternatives for a provider a commander switched off, and shows it off', async () => {
    fault({ provider: 'kakao', kind: 'errors', rate: 1 });
    for (let i = 0; i < 5; i++) await verifyAt(app, next(), newPerson('kakao'));
    await syncHealth([app], clock);
    expect((await app.controls.update({ providers: { jointcert: { enabled: false } } })).ok).toBe(true);
    expect(lightsOf(app).jointcert).toBe('off');
    const answer = await verifyAt(app, next(), newPerson('jointcert'));
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: 'provider_unavailable', alternatives: ['phone', 'ipin', 'naver', 'pass'] });
    expect(answer.body.message).toMatch(/switched off/);
    expect(sim.stats.snapshot().jointcert.requests).toBe(0);
  });

  it('never sends a provider more than maxInflight calls at once under a burst, and follows a live change', async () => {
    expect((await app.controls.update({ providers: { pass: { maxInflight: 4 } } })).ok).toBe(true);
    fault({ provider: 'pass', kind: 'latency', latencyMs: 300 });
    const burst = await Promise.all(Array.from({ length: 30 }, () => verifyAt(app, next(), newPerson('pass'))));
    const ok = burst.filter((a) => a.status === 200).length;
    const busy = burst.filter((a) => a.status === 429 && a.body.error === 'provider_busy');
    expect(ok + busy.length).toBe(30);
    expect(ok).toBeGreaterThanOrEqual(4);
    expect(busy[0]?.headers.get('retry-after')).toBe('2');
    expect(sim.stats.snapshot().pass.maxInflight).toBe(4);
    await syncHealth([app], clock);
    expect(lightsOf(app).pass).toBe('red');

    sim.stats.reset();
    expect((await app.controls.update({ providers: { pass: { maxInflight: 8 } } })).ok).toBe(true);
    await Promise.all(Array.from({ length: 30 }, () => verifyAt(app, next(), newPerson('pass'))));
    expect(sim.stats.snapshot().pass.maxInflight).toBe(8);
  });

  it('allows one verification per person per 10 minutes and blocks a second device meanwhile', async () => {
    expect((await app.controls.update({ sessionTtlSec: 3600 })).ok).toBe(true);
    const longToken = await admittedCitizen(app, clock);
    const person = { ...newPerson('kakao'), deviceId: 'phone-of-kim' };
    const verifiedAt = clock.now();
    expect((await verifyAt(app, longToken, person)).status).toBe(200);

    clock.advance(60_000);
    const again = await verifyAt(app, longToken, { ...person, provider: 'naver' });
    expect(again.status).toBe(429);
    expect(again.body).toMatchObject({ error: 'verify_too_soon', retryAt: verifiedAt + 600_000 });
    expect(again.body.message).toMatch(/in 9 min/);
    expect(again.headers.get('retry-after')).toBe('540');

    const proxy = await verifyAt(app, longToken, { ...person, deviceId: 'laptop-of-agent' });
    expect(proxy.status).toBe(403);
    expect(proxy.body).toMatchObject({ error: 'other_device', retryAt: verifiedAt + 600_000 });

    clock.advance(540_000);
    expect((await verifyAt(app, longToken, { ...person, deviceId: 'laptop-of-agent' })).status).toBe(200);
  });

  it('one admission verifies one person: a second and third person on the same access token are refused, and not locked out', async () => {
    const people = [newPerson('kakao'), newPerson('naver'), newPerson('pass')];
    const first = await verifyAt(app, token, people[0]!);
    expect(first.status).toBe(200);
    for (const other of people.slice(1)) {
      const refused = await verifyAt(app, token, other);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: 'session_person_bound', message: expect.stringMatching(/one admission verifies one person/) });
      expect(refused.body.identityToken).toBeUndefined();
    }
    // A retry by the first person meets the 10-minute rule, not the binding.
    expect((await verifyAt(app, token, people[0]!)).body.error).toBe('verify_too_soon');
    // The third person was not locked out for 10 minutes: on their own admission they verify at once.
    const own = await verifyAt(app, next(), people[2]!);
    expect(own.status).toBe(200);
    expect(app.tokens.verify('identity', own.body.identityToken as string).ok).toBe(true);
  });

  it('a retry after a provider failure is still the first person: the session binds on success only', async () => {
    fault({ provider: 'kakao', kind: 'errors', rate: 1 });
    expect((await verifyAt(app, token, newPerson('kakao'))).body.error).toBe('provider_error');
    sim.faults.clear();
    expect((await verifyAt(app, token, newPerson('naver'))).status).toBe(200);
  });

  it('lets one verification per session run at a time: 50 concurrent calls on one token reach the provider once', async () => {
    fault({ provider: 'naver', kind: 'latency', latencyMs: 400 });
    sim.stats.reset();
    const burst = await Promise.all(Array.from({ length: 50 }, () => verifyAt(app, token, newPerson('naver'))));
    expect(burst.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = burst.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.body.error).toBe('verify_in_progress');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    const stats = (await (await fetch(`${sim.url}/stats`)).json()) as { providers: Record<string, { requests: number; maxInflight: number }> };
    expect(stats.providers.naver).toMatchObject({ requests: 1, maxInflight: 1 });
    // Other citizens were not starved: the provider's lane is free for them.
    expect((await verifyAt(app, next(), newPerson('naver'))).status).toBe(200);
  });

  it('one booking per admission: once a booking ends the session, the access token verifies nobody and calls no provider', async () => {
    const access = app.tokens.verify('access', token);
    if (!access.ok) throw new Error('access token did not verify');
    // A second person on the same admission is refused: the session is bound to the first.
    const first = await verifyAt(app, token, newPerson('kakao'));
    const second = await verifyAt(app, token, newPerson('naver'));
    expect([first.status, second.status]).toEqual([200, 403]);
    expect(second.body.error).toBe('session_person_bound');
    const reserve = (identityToken: unknown, key: string) =>
      fetch(`${baseUrl(app)}/api/v1/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${identityToken as string}`, 'idempotency-key': key },
        body: JSON.stringify({ slotId: 'c001-0826-pf' }),
      });
    // The booking spends the session.
    const booked = await reserve(first.body.identityToken, 'one-booking-0001');
    expect(booked.status).toBe(201);
    expect(await app.store.queue.sessionExpiry(access.claims.ticketNumber)).toBeNull();

    // Verifying a third person with the same, still unexpired access token: refused before any provider.
    sim.stats.reset();
    for (const provider of ['kakao', 'pass', 'phone']) {
      const answer = await verifyAt(app, token, newPerson(provider));
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        error: 'session_ended',
        message: 'Your turn in the waiting room has ended (one booking per admission). Join the queue again.',
      });
    }
    const traffic = (await (await fetch(`${sim.url}/stats`)).json()) as { providers: Record<string, { requests: number }> };
    expect(Object.values(traffic.providers).map((p) => p.requests)).toEqual([0, 0, 0, 0, 0, 0]);
    // Nor does it count against any provider's health: kakao saw only the first verification.
    await syncHealth([app], clock);
    const seen = Object.fromEntries(app.identity.health().map((h) => [h.id, Math.round(h.requestsPerSec * h.windowSec)]));
    expect(seen).toEqual({ phone: 0, ipin: 0, jointcert: 0, naver: 1, kakao: 1, pass: 0 });
  });

  it('refuses a session ended or swept in the store even while its access token is still valid', async () => {
    const access = app.tokens.verify('access', token);
    if (!access.ok) throw new Error('access token did not verify');
    expect(await app.store.queue.endSession(access.claims.ticketNumber)).toBe(true);
    const answer = await verifyAt(app, token, newPerson('kakao'));
    expect(answer).toMatchObject({ status: 403, body: { error: 'session_ended' } });
    expect(sim.stats.snapshot().kakao.requests).toBe(0);
  });

  it('refuses an expired access token with 401 access_expired', async () => {
    clock.advance(601_000);
    const answer = await verifyAt(app, token, newPerson('kakao'));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('access_expired');
  });
});

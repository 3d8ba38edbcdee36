import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { appsOn, STORE_KINDS } from '../support/apps-per-store';

type Json = Record<string, unknown>;

for (const kind of STORE_KINDS) {
  describe(`waiting room over HTTP (${kind} store)`, () => {
    const app = appsOn(kind, 'wr');

    async function join(a: FastifyInstance, body: Json = {}, ip = '10.0.0.1') {
      const res = await a.inject({ method: 'POST', url: '/api/v1/queue/join', payload: body, remoteAddress: ip });
      return { status: res.statusCode, body: res.json<Json>(), headers: res.headers };
    }

    async function status(a: FastifyInstance, ticket: string) {
      const res = await a.inject({ method: 'GET', url: '/api/v1/queue/status', headers: { authorization: `Bearer ${ticket}` } });
      return { status: res.statusCode, body: res.json<Json>() };
    }

    it('tells each citizen their position and an ETA from the admission rate', async () => {
      const { app: a, clock } = await app();
      try {
        await a.controls.update({ admissionRatePerSec: 10 });
        const tickets: Json[] = [];
        for (let i = 0; i < 50; i++) tickets.push((await join(a)).body);
        expect(tickets.map((t) => t.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        await a.waitingRoom.tickOnce();
        clock.advance(2000);
        await a.waitingRoom.tickOnce(); // 20 admitted
        const last = await status(a, tickets[49]!.ticket as string);
        expect(last.body).toMatchObject({ state: 'waiting', number: 50, position: 30, eta: { minSec: 2, maxSec: 4 }, gate: 'open' });
        expect(last.body.pollAfterMs).toBeGreaterThanOrEqual(900);
        const first = await status(a, tickets[0]!.ticket as string);
        expect(first.body.state).toBe('admitted');
      } finally {
        await a.close();
      }
    });

    it('paused gate: joins still accepted, nobody admitted, ETA frozen', async () => {
      const { app: a, clock } = await app();
      try {
        await a.controls.update({ admissionRatePerSec: 5, gate: 'paused' });
        const t = (await join(a)).body;
        for (let i = 0; i < 20; i++) await join(a);
        await a.waitingRoom.tickOnce();
        const before = await status(a, t.ticket as string);
        clock.advance(10_000);
        await a.waitingRoom.tickOnce();
        const after = await status(a, t.ticket as string);
        expect(after.body).toMatchObject({ state: 'waiting', position: 1, gate: 'paused' });
        expect(after.body.eta).toEqual(before.body.eta);
        expect(a.waitingRoom.head).toBe(0);
      } finally {
        await a.close();
      }
    });

    it('closed gate refuses joins with 503 gate_closed and issues nothing', async () => {
      const { app: a } = await app();
      try {
        await a.controls.update({ gate: 'closed' });
        const res = await join(a);
        expect(res.status).toBe(503);
        expect(res.body.error).toBe('gate_closed');
        expect((await a.store.queue.counters()).tail).toBe(0);
      } finally {
        await a.close();
      }
    });

    it('repeated polls of an admitted ticket return the same access token and one active session', async () => {
      const { app: a, clock } = await app();
      try {
        const t = (await join(a)).body;
        await a.waitingRoom.tickOnce();
        clock.advance(1000);
        await a.waitingRoom.tickOnce();
        const polls = [];
        for (let i = 0; i < 5; i++) {
          polls.push((await status(a, t.ticket as string)).body);
          clock.advance(100);
        }
        expect(polls[0]!.state).toBe('admitted');
        expect(new Set(polls.map((p) => p.accessToken)).size).toBe(1);
        const counters = await a.store.queue.counters();
        expect(counters.active).toBe(1);
        expect(counters.pending).toBe(0);
        expect(a.tokens.verify('access', polls[0]!.accessToken as string).ok).toBe(true);
      } finally {
        await a.close();
      }
    });

    it('refuses forged, tampered, wrong-kind and expired tickets', async () => {
      const { app: a, clock } = await app({ ticketTtlSec: 60 });
      try {
        const t = (await join(a)).body.ticket as string;
        const [h, p] = t.split('.');
        const forgedPayload = Buffer.from(JSON.stringify({ n: 1, typ: 'ticket', xp: 9e15 })).toString('base64url');
        const cases = [
          `${h}.${forgedPayload}.${t.split('.')[2]}`,
          `${h}.${p}.${'A'.repeat(43)}`,
          'not-a-jwt',
          a.tokens.sign('access', { ticketNumber: 1 }, clock.now() + 60_000),
        ];
        for (const bad of cases) {
          const res = await status(a, bad);
          expect(res.status).toBe(401);
          expect(res.body.error).toBe('invalid_ticket');
        }
        const missing = await a.inject({ method: 'GET', url: '/api/v1/queue/status' });
        expect(missing.statusCode).toBe(401);
        clock.advance(61_000);
        const expired = await status(a, t);
        expect(expired).toMatchObject({ status: 401, body: { error: 'ticket_expired' } });
        expect(JSON.stringify(expired.body)).not.toMatch(/at .*\.ts/);
      } finally {
        await a.close();
      }
    });

    it('answers bad join bodies with 4xx and issues no ticket', async () => {
      const { app: a } = await app();
      try {
        const bad = [
          { payload: '{"clientId": ', type: 'application/json' },
          { payload: JSON.stringify({ clientId: 'x' }), type: 'application/json' },
          { payload: JSON.stringify({ clientId: 'abcdefgh', extra: 1 }), type: 'application/json' },
          { payload: JSON.stringify({ clientId: 'a'.repeat(20_000) }), type: 'application/json' },
          { payload: 'clientId=abc', type: 'text/plain' },
        ];
        for (const b of bad) {
          const res = await a.inject({ method: 'POST', url: '/api/v1/queue/join', payload: b.payload, headers: { 'content-type': b.type } });
          expect(res.statusCode, b.payload.slice(0, 40)).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          const body = res.json<Json>();
          expect(typeof body.error).toBe('string');
          expect(typeof body.message).toBe('string');
          expect(body).not.toHaveProperty('stack');
        }
        expect((await a.store.queue.counters()).tail).toBe(0);
      } finally {
        await a.close();
      }
    });

    it('refuses a guessable client id (it would hand its holder’s place to anyone) and issues no ticket', async () => {
      const { app: a } = await app();
      try {
        for (const clientId of ['phone-000000000000000001', 'c0ffee00-0000-4000-8000-000000000001', randomBytes(15).toString('hex')]) {
          const answer = await join(a, { clientId });
          expect(answer.status, clientId).toBe(400);
          expect(answer.body.error).toBe('weak_client_id');
        }
        expect((await join(a, { clientId: 'phone-0001' })).body.error).toBe('bad_request');
        expect((await a.store.queue.counters()).tail).toBe(0);
        // Knowing a weak id cannot fetch a place either: nothing was ever stored under it.
        expect((await join(a, { clientId: randomBytes(16).toString('base64url') })).body.number).toBe(1);
      } finally {
        await a.close();
      }
    });

    it('gives a client one live ticket: joining again keeps its place', async () => {
      const { app: a } = await app();
      try {
        const phone = randomBytes(16).toString('base64url');
        const first = await join(a, { clientId: phone });
        await join(a, { clientId: randomBytes(16).toString('base64url') });
        const again = await join(a, { clientId: phone });
        expect(again.body.number).toBe(first.body.number);
        expect((await a.store.queue.counters()).tail).toBe(2);
      } finally {
        await a.close();
      }
    });

    it('limits joins per client id and per address with 429 and Retry-After', async () => {
      const { app: a } = await app({ joinsPerMinutePerClient: 3, joinsPerSecPerIp: 20 });
      try {
        const perClient = [];
        const spammy = randomBytes(16).toString('hex');
        for (let i = 0; i < 4; i++) perClient.push(await join(a, { clientId: spammy }, '10.1.1.1'));
        expect(perClient.slice(0, 3).every((r) => r.status === 200)).toBe(true);
        expect(perClient[3]!.status).toBe(429);
        expect(perClient[3]!.headers['retry-after']).toBeDefined();
        const perIp = [];
        for (let i = 0; i < 25; i++) perIp.push((await join(a, {}, '10.2.2.2')).status);
        expect(perIp.filter((s) => s === 200).length).toBe(20);
        expect(perIp.filter((s) => s === 429).length).toBe(5);
        // a different address behind another carrier is unaffected
        expect((await join(a, {}, '10.3.3.3')).status).toBe(200);
      } finally {
        await a.close();
      }
    });

    it('counts live waiting citizens from their polls', async () => {
      const { app: a } = await app();
      try {
        await a.controls.update({ gate: 'paused' });
        const tickets: string[] = [];
        for (let i = 0; i < 12; i++) tickets.push(String((await join(a)).body.ticket));
        for (const t of tickets.slice(0, 7)) {
          await status(a, t);
          await status(a, t);
        }
        await a.waitingRoom.flushLive();
        expect(await a.waitingRoom.countLive()).toBe(7);
      } finally {
        await a.close();
      }
    });

    it('serves health and readiness, and Prometheus metrics on their own port only', async () => {
      const { app: a } = await app({ metrics: { port: 0, host: '127.0.0.1' } });
      try {
        await join(a);
        expect((await a.inject('/healthz')).statusCode).toBe(200);
        const ready = await a.inject('/readyz');
        expect(ready.json()).toMatchObject({ status: 'ready', store: kind });
        expect((await a.inject('/metrics')).statusCode).toBe(404);
        const metricsUrl = `http://127.0.0.1:${a.metricsAddress()!.port}`;
        expect((await fetch(`${metricsUrl}/api/v1/providers/status`)).status).toBe(404);
        const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
        expect(metrics).toMatch(/sluice_queue_joins_total\{reused="false",node="[^"]+"\} 1/);
        expect(metrics).toContain('sluice_http_request_duration_seconds_bucket');
        expect(metrics).toContain('sluice_queue_depth');
      } finally {
        await a.close();
      }
    });
  });
}

import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { liveFromSample, NO_DRILL, type QueueStateReply } from '../../protocol';
import { buildSnapshot } from '../../server/console/snapshot-builder';
import { appsOn, STORE_KINDS } from '../support/apps-per-store';

for (const kind of STORE_KINDS) {
  describe(`public queue state and sampled heartbeats (${kind} store)`, () => {
    const app = appsOn(kind, 'qs', { joinsPerSecPerIp: 10_000 });

    const join = async (a: FastifyInstance) =>
      (await a.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} })).json<{ ticket: string; number: number }>();
    const state = (a: FastifyInstance, headers: Record<string, string> = {}) => a.inject({ method: 'GET', url: '/api/v1/queue/state', headers });
    const heartbeat = (a: FastifyInstance, ticket: string) =>
      a.inject({ method: 'POST', url: '/api/v1/queue/heartbeat', headers: { authorization: `Bearer ${ticket}` } });

    it('serves one public, cacheable body to everyone, with a weak ETag that answers 304 while the state is the same', async () => {
      const { app: a, clock } = await app({ claimWindowSec: 90 });
      try {
        await a.controls.update({ admissionRatePerSec: 10 });
        for (let i = 0; i < 40; i++) await join(a);
        await a.waitingRoom.tickOnce();
        clock.advance(2000);
        await a.waitingRoom.tickOnce(); // head 20
        const ticket = (await join(a)).ticket;
        const first = await state(a);
        expect(first.statusCode).toBe(200);
        expect(first.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=2');
        expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(first.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
        expect(first.headers['set-cookie']).toBeUndefined();
        const body = first.json<QueueStateReply>();
        expect(body).toEqual({
          head: 20,
          tail: 41,
          gate: 'open',
          admissionRatePerSec: 10,
          observedRatePerSec: null,
          claimWindowSec: 90,
          serverTime: clock.now(),
          updatedAt: clock.now(),
          refreshAfterMs: 1000,
          notices: [],
          heartbeat: { sampleEvery: 32, intervalSec: 30 },
        });
        // Anyone, with or without a ticket, gets the same bytes.
        clock.advance(100);
        const other = await a.inject({ method: 'GET', url: '/api/v1/queue/state', headers: { authorization: `Bearer ${ticket}` }, remoteAddress: '10.9.9.9' });
        expect(other.body).toBe(first.body);
        // Revalidation: same state, a later build, still 304.
        clock.advance(1000);
        const revalidated = await state(a, { 'if-none-match': String(first.headers.etag) });
        expect(revalidated.statusCode).toBe(304);
        expect(revalidated.body).toBe('');
        expect(revalidated.headers.etag).toBe(first.headers.etag);
        expect(revalidated.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=2');
        expect((await state(a, { 'if-none-match': `"nope", ${String(first.headers.etag)}` })).statusCode).toBe(304);
        // The head moves: a new body at once, and the old tag no longer matches.
        await a.waitingRoom.tickOnce();
        const moved = await state(a, { 'if-none-match': String(first.headers.etag) });
        expect(moved.statusCode).toBe(200);
        expect(moved.json<QueueStateReply>().head).toBe(31);
        expect(moved.headers.etag).not.toBe(first.headers.etag);
      } finally {
        await a.close();
      }
    });

    it('builds the body at most once per 250 ms, or at once when the head or the gate moves', async () => {
      const { app: a, clock } = await app();
      try {
        const first = (await state(a)).json<QueueStateReply>();
        clock.advance(200);
        expect((await state(a)).json<QueueStateReply>().serverTime).toBe(first.serverTime);
        await a.controls.update({ gate: 'paused' });
        const paused = (await state(a)).json<QueueStateReply>();
        expect(paused).toMatchObject({ gate: 'paused', serverTime: first.serverTime + 200 });
        clock.advance(250);
        expect((await state(a)).json<QueueStateReply>().serverTime).toBe(first.serverTime + 450);
      } finally {
        await a.close();
      }
    });

    it('counts heartbeats of sampled tickets only, and the snapshot scales them up with their error bound', async () => {
      const { app: a, clock } = await app({ heartbeatSampleEvery: 8 });
      try {
        await a.controls.update({ gate: 'paused' });
        const tickets: { ticket: string; number: number }[] = [];
        for (let i = 0; i < 100; i++) tickets.push(await join(a));
        const replies = [];
        for (const t of tickets) replies.push((await heartbeat(a, t.ticket)).json<{ counted: boolean; heartbeatAfterMs: number }>());
        // Again: a ticket counts once.
        for (const t of tickets.slice(0, 50)) await heartbeat(a, t.ticket);
        expect(replies.filter((r) => r.counted).length).toBe(12); // 8, 16, …, 96
        expect(replies.every((r) => r.heartbeatAfterMs === 30_000)).toBe(true);
        await a.waitingRoom.flushHeartbeats();
        expect(await a.waitingRoom.countHeartbeats()).toBe(12);
        const snapshot = await buildSnapshot(a, { at: clock.now(), previous: undefined, lastDrill: NO_DRILL, nodes: null });
        expect(snapshot.concurrency.waitingLiveEstimate).toEqual(liveFromSample(12, 8));
        expect(snapshot.concurrency.waitingLiveEstimate).toMatchObject({ value: 96, sampled: 12, sampleEvery: 8 });
        // Heartbeats are no status polls: the counted live waiting is apart, the total holds both.
        expect(snapshot.concurrency.waitingLive).toBe(0);
        expect(snapshot.concurrency.total).toBe(96);
        expect((await heartbeat(a, 'not-a-ticket')).statusCode).toBe(401);
      } finally {
        await a.close();
      }
    });

    it('tells waiting clients where to follow the queue', async () => {
      const { app: a } = await app();
      try {
        await a.controls.update({ gate: 'paused' });
        const joined = await a.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} });
        expect(joined.json()).toMatchObject({ stateUrl: '/api/v1/queue/state' });
        const status = await a.inject({
          method: 'GET',
          url: '/api/v1/queue/status',
          headers: { authorization: `Bearer ${joined.json<{ ticket: string }>().ticket}` },
        });
        expect(status.json()).toMatchObject({ state: 'waiting', stateUrl: '/api/v1/queue/state' });
      } finally {
        await a.close();
      }
    });
  });
}

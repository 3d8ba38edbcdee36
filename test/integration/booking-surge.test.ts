import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import type { RedisStore } from '../../server/store/redis';
import { Citizens, type Answer } from '../server/booking/citizen';
import { identityToken, kst, writeSlots } from '../server/booking/fixtures';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { admitSession, admitSessions } from '../support/sessions';

// Ten slots of 100 seats: 1,000 seats in all.
const slotsFile = writeSlots(
  [
    { id: 'c1', region: 'seoul', name: 'Gangnam-gu Vaccination Center', seats: { pfizer: 100 } },
    { id: 'c2', region: 'jeju', name: 'Jeju-si Hana Clinic', seats: { moderna: 5 } },
  ],
  { from: '2021-08-26', to: '2021-09-04' },
);
const SURGE_SLOTS = Array.from({ length: 10 }, (_, i) => `c1-${i < 6 ? `08${26 + i}` : `090${i - 5}`}-pf`);
const ATTEMPTS = 10_000;
const SOCKETS_PER_NODE = 64;

describe('booking surge on three nodes sharing real Redis', () => {
  const redis = new RedisServer();
  // 2021-08-25 12:00 KST: the catch-up window open to everyone in the round.
  const clock = new ManualClock(kst('2021-08-25 12:00'));
  const citizens = new Citizens(SOCKETS_PER_NODE);
  let nodes: FastifyInstance[];

  beforeAll(async () => {
    await redis.start();
    nodes = await startNodes(3, { redisUrl: redis.url, mode: 'live', slotsFile }, { clock });
  });
  afterAll(async () => {
    citizens.close();
    await stopNodes(nodes);
    await redis.stop();
  });

  function book(node: FastifyInstance, token: string, slotId: string, key = randomUUID()): Promise<Answer<Record<string, any>>> {
    return citizens.send(`${baseUrl(node)}/api/v1/reservations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: { slotId },
    });
  }

  it('10,000 attempts by distinct people, at most 192 in flight (64 sockets to each of 3 nodes), on 1,000 seats book exactly 1,000, nobody twice, no seat oversold', async () => {
    const [first] = nodes as [FastifyInstance];
    // Every attempt holds its own real waiting-room session, admitted through one node.
    const sessions = await admitSessions(first, ATTEMPTS);
    expect(new Set(sessions).size).toBe(ATTEMPTS);
    expect((await first.store.queue.counters()).active).toBe(ATTEMPTS);
    const tokens = Array.from({ length: ATTEMPTS }, (_, i) =>
      identityToken(first, { n: sessions[i]!, bd: `${1972 + (i % 30)}-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, pid: `surge-${i}` }),
    );
    // The citizens' pool holds 64 keep-alive sockets per node: what is in flight is bounded by that (192),
    // and measured here.
    let inFlight = 0;
    let peakInFlight = 0;
    const counting = (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/api/v1/reservations')) return;
      peakInFlight = Math.max(peakInFlight, ++inFlight);
      res.once('close', () => inFlight--);
    };
    for (const node of nodes) node.server.on('request', counting);
    const started = performance.now();
    let lastBookedAt = started;
    const answers = await Promise.all(
      tokens.map(async (token, i) => {
        const answer = await book(nodes[i % 3]!, token, SURGE_SLOTS[i % 10]!);
        if (answer.status === 201) lastBookedAt = performance.now();
        return answer;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const node of nodes) node.server.off('request', counting);
    // A bound, not a target: client and nodes share one process, so the pool is not always full.
    expect(peakInFlight).toBeLessThanOrEqual(3 * SOCKETS_PER_NODE);
    expect(peakInFlight).toBeGreaterThan(SOCKETS_PER_NODE);
    const soldOutAfter = (lastBookedAt - started) / 1000;

    const byStatus = new Map<string, number>();
    for (const a of answers) byStatus.set(`${a.status} ${a.body.error ?? ''}`.trim(), (byStatus.get(`${a.status} ${a.body.error ?? ''}`.trim()) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ '201': 1000, '409 sold_out': 9000 });

    const booked = answers.filter((a) => a.status === 201).map((a) => a.body.reservation as { id: string; slotId: string });
    expect(new Set(booked.map((r) => r.id)).size).toBe(1000);

    const store = first.store as RedisStore;
    const remaining = await store.booking.remaining();
    for (const slotId of SURGE_SLOTS) expect(remaining.get(slotId)).toBe(0);
    expect(await store.redis.hlen(store.key('b:people'))).toBe(1000);
    expect(await store.booking.totals()).toMatchObject({ bookedTotal: 1000, seatsLeft: 50 });
    // Each booking ended its own session; a sold-out refusal spends none.
    expect((await store.queue.counters()).active).toBe(ATTEMPTS - 1000);

    expect(await store.redis.xlen(store.key('b:log'))).toBe(1000);
    const log = await store.booking.readLog('', 20_000);
    expect(new Set(log.map((e) => e.personId)).size).toBe(1000);
    expect(new Set(log.map((e) => e.reservation.id))).toEqual(new Set(booked.map((r) => r.id)));
    const perSlot = new Map<string, number>();
    for (const e of log) perSlot.set(e.reservation.slotId, (perSlot.get(e.reservation.slotId) ?? 0) + 1);
    expect([...perSlot.values()]).toEqual(Array(10).fill(100));

    const stats = await nodes[2]!.booking.stats();
    expect(stats.bookedTotal).toBe(1000);
    // Each node flushes its refusal counts within a second; any node then reports them all.
    await expect.poll(async () => (await nodes[2]!.booking.stats()).failures.sold_out, { timeout: 3000 }).toBe(9000);
    console.log(
      `booking surge: ${ATTEMPTS} attempts on 3 nodes, at most ${peakInFlight} in flight, in ${seconds.toFixed(2)} s = ${Math.round(ATTEMPTS / seconds)} attempts/s; ` +
        `the 1,000th seat was confirmed after ${soldOutAfter.toFixed(2)} s = ${Math.round(1000 / soldOutAfter)} bookings/s`,
    );
  });

  it('the same person racing from two nodes gets one reservation', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    const token = identityToken(a, { n: await admitSession(a), bd: '1985-03-03', pid: 'racer' });
    const slots = ['c2-0826-mo', 'c2-0827-mo', 'c2-0828-mo'];
    const before = await a.store.booking.totals();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => book(i % 2 ? a : b, token, slots[i % 3]!)));
    expect(answers.filter((x) => x.status === 201)).toHaveLength(1);
    expect(answers.filter((x) => x.status === 409 && x.body.error === 'already_reserved')).toHaveLength(39);
    const held = await a.store.booking.reservationOf('racer');
    expect(held?.id).toBe(answers.find((x) => x.status === 201)!.body.reservation.id);
    const after = await a.store.booking.totals();
    expect(after.bookedTotal - before.bookedTotal).toBe(1);
    expect(before.seatsLeft - after.seatsLeft).toBe(1);
  });

  it('the same Idempotency-Key sent to two nodes at once books once and both get that reservation', async () => {
    const [a, , c] = nodes as [FastifyInstance, FastifyInstance, FastifyInstance];
    const token = identityToken(a, { n: await admitSession(a), bd: '1999-12-12', pid: 'double-click' });
    const key = randomUUID();
    const before = await a.store.booking.totals();
    const [x, y] = await Promise.all([book(a, token, 'c2-0829-mo', key), book(c, token, 'c2-0829-mo', key)]);
    expect([x.status, y.status]).toEqual([201, 201]);
    expect(x.body.reservation).toEqual(y.body.reservation);
    expect((await a.store.booking.totals()).bookedTotal - before.bookedTotal).toBe(1);
  });

  it('two people verified on one session racing on two nodes: exactly one booking per session', async () => {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    const sessions = await admitSessions(a, 10);
    const slots = ['c2-0830-mo', 'c2-0831-mo', 'c2-0901-mo', 'c2-0902-mo'];
    const before = await a.store.booking.totals();
    const pairs = sessions.map((n, i) => [
      { pid: `pair-${i}-a`, token: identityToken(a, { n, bd: '1980-01-01', pid: `pair-${i}-a` }) },
      { pid: `pair-${i}-b`, token: identityToken(a, { n, bd: '1980-01-02', pid: `pair-${i}-b` }) },
    ]);
    const answers = await Promise.all(pairs.map(([x, y], i) => Promise.all([book(a, x!.token, slots[i % 4]!), book(b, y!.token, slots[i % 4]!)])));
    for (const [x, y] of answers) {
      expect([x.status, y.status].sort()).toEqual([201, 403]);
      expect([x, y].find((r) => r.status === 403)!.body.error).toBe('session_ended');
    }
    for (const [i, [x, y]] of pairs.entries()) {
      const held = [await a.store.booking.reservationOf(x!.pid), await a.store.booking.reservationOf(y!.pid)];
      expect(held.filter(Boolean)).toHaveLength(1);
      expect(await a.store.queue.sessionExpiry(sessions[i]!)).toBeNull();
    }
    const after = await a.store.booking.totals();
    expect(after.bookedTotal - before.bookedTotal).toBe(10);
    expect(before.seatsLeft - after.seatsLeft).toBe(10);
  });
});

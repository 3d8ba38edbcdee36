import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { Citizens } from '../server/booking/citizen';
import { identityToken, kst, writeSlots } from '../server/booking/fixtures';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { admitSession } from '../support/sessions';

const slotsFile = writeSlots([
  { id: 'c1', region: 'seoul', name: 'Gangnam-gu Vaccination Center', seats: { pfizer: 5 } },
  { id: 'c2', region: 'jeju', name: 'Jeju-si Hana Clinic', seats: { moderna: 1 } },
]);

describe('booking over HTTP (one node, real Redis, manual clock)', () => {
  const redis = new RedisServer();
  const clock = new ManualClock(kst('2021-08-09 20:00') - 1000);
  const citizens = new Citizens(8);
  let app: FastifyInstance;
  let url: string;
  let people = 0;

  beforeAll(async () => {
    await redis.start();
    [app] = (await startNodes(1, { redisUrl: redis.url, mode: 'live', slotsFile, metrics: { port: 0, host: '127.0.0.1' } }, { clock })) as [FastifyInstance];
    url = baseUrl(app);
  });
  afterAll(async () => {
    citizens.close();
    await stopNodes([app]);
    await redis.stop();
  });

  /**
   * A fresh person born on `bd`, admitted through our own waiting room (a real active session
   * `n`); the identity token is minted by our own token service, as the gateway would issue it.
   */
  async function person(bd = '1990-05-19') {
    people++;
    const n = await admitSession(app);
    return { n, bd, pid: `person-${people}`, token: identityToken(app, { n, bd, pid: `person-${people}` }) };
  }

  /** A second person verified on the same admission (same session `n`): what the bypass looked like. */
  function sameSession(n: number, bd = '1990-05-19') {
    people++;
    return { n, bd, pid: `person-${people}`, token: identityToken(app, { n, bd, pid: `person-${people}` }) };
  }

  function book(token: string, slotId: string, key: string | null = randomUUID()) {
    return citizens.send<Record<string, any>>(`${url}/api/v1/reservations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
      body: { slotId },
    });
  }

  async function remaining(slotId: string): Promise<number> {
    return (await app.store.booking.remaining()).get(slotId) ?? -1;
  }

  it('refuses at 19:59:59 KST with the window it waits for, and books at 20:00:00', async () => {
    const p = await person('1990-05-29');
    // Admission moved the manual clock on by a few ms; back to the second before the window.
    clock.set(kst('2021-08-09 20:00') - 1000);
    const event = await citizens.send<Record<string, any>>(`${url}/api/v1/event`);
    expect(event.body).toMatchObject({ open: false, window: null, next: { start: kst('2021-08-09 20:00'), birthDayDigits: [9] } });
    const early = await book(p.token, 'c1-0826-pf');
    expect(early.status).toBe(403);
    expect(early.body).toMatchObject({ error: 'not_eligible', reason: 'not_open', next: { start: kst('2021-08-09 20:00') } });
    expect(early.body.message).toContain('2021-08-09 20:00 KST');
    expect(await remaining('c1-0826-pf')).toBe(5);

    clock.set(kst('2021-08-09 20:00'));
    const onTime = await book(p.token, 'c1-0826-pf');
    expect(onTime.status).toBe(201);
    expect(onTime.body.reservation).toMatchObject({ slotId: 'c1-0826-pf', center: 'Gangnam-gu Vaccination Center', date: '2021-08-26', vaccine: 'pfizer' });
    expect(await remaining('c1-0826-pf')).toBe(4);
  });

  it('tells someone of another cohort day when their own window opens', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const answer = await book((await person('1990-05-20')).token, 'c1-0826-pf');
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ reason: 'not_your_window', next: { start: kst('2021-08-10 20:00'), end: kst('2021-08-11 18:00') } });
    const outside = await book((await person('2004-01-01')).token, 'c1-0826-pf');
    expect(outside.body).toMatchObject({ error: 'not_eligible', reason: 'outside_age_range', next: null });
  });

  it('answers bad requests with a clear 4xx and changes nothing', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const before = await app.store.booking.totals();
    const p = await person();
    const noKey = await book(p.token, 'c1-0826-pf', null);
    expect(noKey).toMatchObject({ status: 400, body: { error: 'missing_idempotency_key' } });
    expect((await book(p.token, 'nope-0826-pf')).body).toMatchObject({ error: 'unknown_slot' });
    expect((await book('not-a-token', 'c1-0826-pf')).status).toBe(401);
    const forged = app.tokens.sign('access', { ticketNumber: 1 }, clock.now() + 60_000);
    expect((await book(forged, 'c1-0826-pf')).body).toMatchObject({ error: 'invalid_identity' });
    const badBody = await citizens.send<Record<string, any>>(`${url}/api/v1/reservations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.token}`, 'idempotency-key': randomUUID() },
      body: { slot: 'x' },
    });
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(badBody.body)).not.toMatch(/at .*\.ts/);
    const after = await app.store.booking.totals();
    expect(after.bookedTotal).toBe(before.bookedTotal);
    expect(after.seatsLeft).toBe(before.seatsLeft);
    expect(await app.store.booking.reservationOf(p.pid)).toBeNull();
  });

  it('returns the same reservation for a retry with the same Idempotency-Key and takes one seat', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const p = await person();
    const seats = await remaining('c1-0826-pf');
    const key = randomUUID();
    const first = await book(p.token, 'c1-0826-pf', key);
    const retry = await book(p.token, 'c1-0826-pf', key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.reservation).toEqual(first.body.reservation);
    expect(await remaining('c1-0826-pf')).toBe(seats - 1);
    const otherSlot = await book(p.token, 'c2-0826-mo', key);
    expect(otherSlot).toMatchObject({ status: 422, body: { error: 'idempotency_key_reused' } });
    const again = await book(p.token, 'c2-0826-mo');
    expect(again).toMatchObject({ status: 409, body: { error: 'already_reserved', reservation: { id: first.body.reservation.id } } });
  });

  it('a replayed Idempotency-Key after a cancellation answers 409 reservation_cancelled with the reservation and when, and takes no seat', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const p = await person();
    const key = randomUUID();
    const first = await book(p.token, 'c1-0826-pf', key);
    expect(first.status).toBe(201);
    const id = first.body.reservation.id as string;
    clock.advance(60_000);
    const cancelledAt = clock.now();
    const cancel = await citizens.send(`${url}/api/v1/reservations/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${p.token}` } });
    expect(cancel.status).toBe(200);
    const seats = await remaining('c1-0826-pf');
    const replay = await book(p.token, 'c1-0826-pf', key);
    expect(replay.status).toBe(409);
    expect(replay.body).toEqual({
      error: 'reservation_cancelled',
      message: expect.stringContaining('was cancelled'),
      reservation: first.body.reservation,
      cancelledAt,
    });
    expect(replay.headers['idempotent-replayed']).toBeUndefined();
    expect(await remaining('c1-0826-pf')).toBe(seats);
    const mine = await citizens.send<Record<string, any>>(`${url}/api/v1/reservations/me`, { headers: { authorization: `Bearer ${p.token}` } });
    expect(mine.body).toEqual({ reservation: null });
  });

  it('cancel returns the seat, and the next person can take it', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const a = await person();
    const b = await person();
    const booked = await book(a.token, 'c2-0826-mo');
    expect(booked.status).toBe(201);
    expect((await book(b.token, 'c2-0826-mo')).body).toMatchObject({ error: 'sold_out' });
    const slots = await citizens.send<{ slots: { id: string; remaining: number }[] }>(`${url}/api/v1/slots?region=jeju`);
    expect(slots.body.slots).toEqual([expect.objectContaining({ id: 'c2-0826-mo', remaining: 0 })]);

    const id = booked.body.reservation.id as string;
    const notMine = await citizens.send(`${url}/api/v1/reservations/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.token}` } });
    expect(notMine.status).toBe(404);
    const cancel = await citizens.send<Record<string, any>>(`${url}/api/v1/reservations/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancelled.id).toBe(id);
    const mine = await citizens.send<Record<string, any>>(`${url}/api/v1/reservations/me`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(mine.body).toEqual({ reservation: null });
    const after = await citizens.send<{ slots: { id: string; remaining: number }[] }>(`${url}/api/v1/slots?region=jeju&date=2021-08-26`);
    expect(after.body.slots[0]!.remaining).toBe(1);
    expect((await book(b.token, 'c2-0826-mo')).status).toBe(201);
  });

  it('one booking per admission: a second person verified on the same session gets 403 session_ended and no seat', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const a = await person();
    const b = sameSession(a.n);
    const seats = await remaining('c1-0826-pf');
    const active = (await app.store.queue.counters()).active;
    const key = randomUUID();
    const first = await book(a.token, 'c1-0826-pf', key);
    expect(first.status).toBe(201);
    expect(await app.store.queue.sessionExpiry(a.n)).toBeNull();
    expect((await app.store.queue.counters()).active).toBe(active - 1);

    const second = await book(b.token, 'c1-0826-pf');
    expect(second.status).toBe(403);
    expect(second.body).toEqual({
      error: 'session_ended',
      message: 'Your turn in the waiting room has ended (one booking per admission). Join the queue again.',
    });
    expect(await app.store.booking.reservationOf(b.pid)).toBeNull();
    expect(await remaining('c1-0826-pf')).toBe(seats - 1);
    // A retry of the first booking with its Idempotency-Key still gets its reservation.
    const retry = await book(a.token, 'c1-0826-pf', key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.reservation).toEqual(first.body.reservation);
    expect(await remaining('c1-0826-pf')).toBe(seats - 1);
  });

  it('a refused attempt does not spend the session, an expired session books nobody', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const a = await person();
    const seats = await remaining('c1-0826-pf');
    expect((await book(a.token, 'no-such-slot')).status).toBe(404);
    expect(await app.store.queue.sessionExpiry(a.n)).not.toBeNull();
    // An identity token that outlives its session (600 s) books nothing once the session is over.
    const b = { n: await admitSession(app), pid: 'outlived-session' };
    const longToken = identityToken(app, { n: b.n, bd: '1990-05-19', pid: b.pid }, 3_600_000);
    clock.advance(600_000);
    const late = await book(longToken, 'c1-0826-pf');
    expect(late).toMatchObject({ status: 403, body: { error: 'session_ended' } });
    expect(await remaining('c1-0826-pf')).toBe(seats);
    expect(await app.store.booking.reservationOf(b.pid)).toBeNull();
  });

  it('ends the citizen’s waiting-room session when the booking succeeds', async () => {
    clock.set(kst('2021-08-09 22:00'));
    const queue = app.store.queue;
    const { number } = await queue.join(null, clock.now(), 600);
    const now = clock.now();
    await queue.tick({ now, claimWindowMs: 60_000 });
    await queue.tick({ now: now + 60_000, claimWindowMs: 60_000 });
    expect((await queue.claim(number, now + 60_000, 600_000)).state).toBe('active');
    const active = (await queue.counters()).active;
    const token = identityToken(app, { n: number, bd: '1990-05-09', pid: `queued-${number}` });
    expect((await book(token, 'c1-0826-pf')).status).toBe(201);
    expect((await queue.counters()).active).toBe(active - 1);
  });

  it('reports cluster-wide stats and Prometheus series for bookings, failures and seats', async () => {
    const stats = await app.booking.stats();
    const totals = await app.store.booking.totals();
    expect(stats.bookedTotal).toBe(totals.bookedTotal);
    // Every booking made in this file: 20:00:00, the idempotent pair (one), cancel-then-replay (one), cancel-then-rebook
    // (two), the session-bound first person (one), the queued citizen (one); two of them cancelled; 6 seats in all.
    expect(stats.bookedTotal).toBe(7);
    expect(stats.cancelledTotal).toBe(2);
    expect(stats.seatsLeft).toBe(6 - 7 + 2);
    expect(stats.failures.sold_out).toBe(1);
    expect(stats.failures.not_eligible).toBe(3);
    expect(stats.failures.missing_idempotency_key).toBe(1);
    expect(stats.failures.invalid_identity).toBe(2);
    expect(stats.failures.session_ended).toBe(2);
    await expect.poll(async () => (await app.store.booking.totals()).failures.not_eligible, { timeout: 3000 }).toBe(3);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const text = await (await fetch(`http://127.0.0.1:${app.metricsAddress()!.port}/metrics`)).text();
    expect(text).toMatch(/sluice_bookings_total\{[^}]*\} 7\n/);
    expect(text).toMatch(/sluice_booking_failures_total\{reason="sold_out"[^}]*\} 1/);
    expect(text).toMatch(new RegExp(`sluice_seats_remaining\\{[^}]*\\} ${stats.seatsLeft}\\b`));
  });
});

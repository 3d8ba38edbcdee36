import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reservation } from '../../../protocol';
import type { ReserveRequest, Store } from '../../../server/store';
import { storeFactories } from '../../support/stores';

const T0 = Date.UTC(2021, 7, 21, 12, 0, 0);

const SESSION_TTL_MS = 600_000;

/** Each store's own clock for its waiting room (sessions are claimed at it, reserves check it). */
const clocks = new WeakMap<Store, number>();
const nowOf = (store: Store): number => clocks.get(store) ?? T0;

/**
 * Real active sessions from the store's own waiting room: join, tick until head covers them
 * (the default 100/s, one second per tick), claim.
 */
async function admit(store: Store, count: number): Promise<number[]> {
  let now = nowOf(store);
  const numbers: number[] = [];
  for (let i = 0; i < count; i++) numbers.push((await store.queue.join(null, now, 3600)).number);
  let head = (await store.queue.tick({ now, claimWindowMs: 60_000 })).head;
  while (head < Math.max(...numbers)) {
    now += 1000;
    head = (await store.queue.tick({ now, claimWindowMs: 60_000 })).head;
  }
  clocks.set(store, now);
  for (const n of numbers) expect(await store.queue.claim(n, now, SESSION_TTL_MS)).toMatchObject({ state: 'active' });
  return numbers;
}

function request(store: Store, personId: string, slotId: string, session: number, key = `key-${personId}`, id = `r-${personId}-${key}`): ReserveRequest {
  const reservation: Reservation = { id, slotId, center: 'Gangnam-gu Vaccination Center', date: '2021-08-26', vaccine: 'pfizer', createdAt: T0 };
  return { personId, idempotencyKey: key, reservation, idempotencyTtlSec: 3600, session: { number: session, now: nowOf(store) } };
}

for (const factory of storeFactories()) {
  describe(`booking store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    async function withSeats(seats: Record<string, number>): Promise<Store> {
      const store = await factory.open();
      await store.booking.loadInventory(Object.entries(seats).map(([slotId, capacity]) => ({ slotId, capacity })));
      return store;
    }

    it('loads inventory once: a second load keeps remaining counts and adds only new slots', async () => {
      const store = await withSeats({ a: 2, b: 5 });
      const [s1] = await admit(store, 1);
      expect((await store.booking.reserve(request(store, 'p1', 'a', s1!))).outcome).toBe('booked');
      const added = await store.booking.loadInventory([
        { slotId: 'a', capacity: 2 },
        { slotId: 'b', capacity: 5 },
        { slotId: 'c', capacity: 3 },
      ]);
      expect(added).toBe(1);
      expect(Object.fromEntries(await store.booking.remaining())).toEqual({ a: 1, b: 5, c: 3 });
      expect((await store.booking.totals()).seatsLeft).toBe(9);
    });

    it('books the last seat once, then answers sold_out without writing anything', async () => {
      const store = await withSeats({ a: 1 });
      const [s1, s2] = await admit(store, 2);
      const first = await store.booking.reserve(request(store, 'p1', 'a', s1!));
      expect(first).toMatchObject({ outcome: 'booked', remaining: 0, reservation: { slotId: 'a', id: 'r-p1-key-p1' } });
      expect(await store.booking.reserve(request(store, 'p2', 'a', s2!))).toEqual({ outcome: 'sold_out' });
      expect(await store.booking.totals()).toEqual({ bookedTotal: 1, cancelledTotal: 0, seatsLeft: 0, failures: {} });
      expect(await store.booking.readLog('', 10)).toHaveLength(1);
      // A refusal does not spend the session.
      expect(await store.queue.sessionExpiry(s2!)).toBe(nowOf(store) + SESSION_TTL_MS);
    });

    it('refuses a second booking by the same person with already_reserved and the held reservation', async () => {
      const store = await withSeats({ a: 5, b: 5 });
      const [s1, s2] = await admit(store, 2);
      await store.booking.reserve(request(store, 'p1', 'a', s1!));
      const again = await store.booking.reserve(request(store, 'p1', 'b', s2!, 'another-key'));
      expect(again).toMatchObject({ outcome: 'already_reserved', reservation: { slotId: 'a' } });
      expect(Object.fromEntries(await store.booking.remaining())).toEqual({ a: 4, b: 5 });
      expect((await store.booking.totals()).bookedTotal).toBe(1);
      // Checked before the session: the person hears what they hold, even on a spent session.
      expect(await store.booking.reserve(request(store, 'p1', 'b', s1!, 'third-key'))).toMatchObject({ outcome: 'already_reserved' });
    });

    it('replays the same Idempotency-Key with the first reservation, though the booking ended the session, and takes no second seat', async () => {
      const store = await withSeats({ a: 5 });
      const [s1] = await admit(store, 1);
      const first = await store.booking.reserve(request(store, 'p1', 'a', s1!, 'k1', 'first-id'));
      expect(first.outcome).toBe('booked');
      expect(await store.queue.sessionExpiry(s1!)).toBeNull();
      const repeat = await store.booking.reserve(request(store, 'p1', 'a', s1!, 'k1', 'second-id'));
      expect(repeat).toEqual({ outcome: 'repeat', reservation: first.outcome === 'booked' ? first.reservation : null });
      expect((await store.booking.remaining()).get('a')).toBe(4);
      expect((await store.booking.totals()).bookedTotal).toBe(1);
    });

    it('replays a key whose reservation was cancelled as repeat_cancelled with when, takes no seat, even after the person booked again', async () => {
      const store = await withSeats({ a: 5 });
      const [s1, s2] = await admit(store, 2);
      const first = await store.booking.reserve(request(store, 'p1', 'a', s1!, 'k1', 'first-id'));
      expect(first.outcome).toBe('booked');
      expect((await store.booking.cancel('p1', 'first-id', T0 + 5000)).outcome).toBe('cancelled');
      const replay = await store.booking.reserve(request(store, 'p1', 'a', s2!, 'k1', 'second-id'));
      expect(replay).toEqual({ outcome: 'repeat_cancelled', reservation: first.outcome === 'booked' ? first.reservation : null, cancelledAt: T0 + 5000 });
      expect((await store.booking.remaining()).get('a')).toBe(5);
      expect(await store.queue.sessionExpiry(s2!)).not.toBeNull();
      const again = await store.booking.reserve(request(store, 'p1', 'a', s2!, 'k2', 'third-id'));
      expect(again).toMatchObject({ outcome: 'booked', reservation: { id: 'third-id' } });
      expect(await store.booking.reserve(request(store, 'p1', 'a', s2!, 'k1', 'x'))).toMatchObject({
        outcome: 'repeat_cancelled',
        reservation: { id: 'first-id' },
      });
      expect(await store.booking.reserve(request(store, 'p1', 'a', s2!, 'k2', 'x'))).toMatchObject({ outcome: 'repeat', reservation: { id: 'third-id' } });
    });

    it('answers unknown_slot for a slot never loaded and changes nothing', async () => {
      const store = await withSeats({ a: 1 });
      const [s1] = await admit(store, 1);
      expect(await store.booking.reserve(request(store, 'p1', 'zzz', s1!))).toEqual({ outcome: 'unknown_slot' });
      expect(await store.booking.reservationOf('p1')).toBeNull();
      expect((await store.booking.totals()).seatsLeft).toBe(1);
      expect(await store.queue.sessionExpiry(s1!)).not.toBeNull();
    });

    it('one booking per admission: the booking ends the session, and the session books nobody else', async () => {
      const store = await withSeats({ a: 5 });
      const [s1] = await admit(store, 1);
      const before = await store.queue.counters();
      expect((await store.booking.reserve(request(store, 'p1', 'a', s1!))).outcome).toBe('booked');
      const after = await store.queue.counters();
      expect(after.active).toBe(before.active - 1);
      expect(after.sessionsEnded).toBe(before.sessionsEnded + 1);
      expect(await store.booking.reserve(request(store, 'p2', 'a', s1!))).toEqual({ outcome: 'session_ended' });
      expect(await store.booking.reservationOf('p2')).toBeNull();
      expect((await store.booking.remaining()).get('a')).toBe(4);
      expect(await store.booking.totals()).toEqual({ bookedTotal: 1, cancelledTotal: 0, seatsLeft: 4, failures: {} });
      expect(await store.booking.readLog('', 10)).toHaveLength(1);
      expect((await store.queue.counters()).sessionsEnded).toBe(after.sessionsEnded);
    });

    it('answers session_ended for a session never claimed or past its expiry, and writes nothing', async () => {
      const store = await withSeats({ a: 5 });
      const [s1] = await admit(store, 1);
      const { number: waiting } = await store.queue.join(null, nowOf(store), 3600);
      expect(await store.booking.reserve(request(store, 'p1', 'a', waiting))).toEqual({ outcome: 'session_ended' });
      expect(await store.booking.reserve(request(store, 'p2', 'a', 999_999))).toEqual({ outcome: 'session_ended' });
      const late = request(store, 'p3', 'a', s1!);
      late.session.now = nowOf(store) + SESSION_TTL_MS;
      expect(await store.booking.reserve(late)).toEqual({ outcome: 'session_ended' });
      // Checked before the seat count: a spent session on a sold-out slot hears session_ended.
      await store.booking.loadInventory([{ slotId: 'empty', capacity: 0 }]);
      expect(await store.booking.reserve(request(store, 'p4', 'empty', waiting))).toEqual({ outcome: 'session_ended' });
      expect((await store.booking.remaining()).get('a')).toBe(5);
      expect(await store.booking.totals()).toEqual({ bookedTotal: 0, cancelledTotal: 0, seatsLeft: 5, failures: {} });
      expect(await store.booking.readLog('', 10)).toHaveLength(0);
      // The refused late attempt did not end the session either; the tick sweeps it when it expires.
      expect(await store.queue.sessionExpiry(s1!)).toBe(nowOf(store) + SESSION_TTL_MS);
    });

    it('two people racing on one session: exactly one books', async () => {
      const store = await withSeats({ a: 50 });
      const [s1] = await admit(store, 1);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.booking.reserve(request(store, `racer-${i}`, 'a', s1!))));
      expect(results.filter((r) => r.outcome === 'booked')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'session_ended')).toHaveLength(19);
      expect((await store.booking.remaining()).get('a')).toBe(49);
      expect((await store.booking.totals()).bookedTotal).toBe(1);
    });

    it('cancel returns the seat and lets the person book again; a wrong id cancels nothing', async () => {
      const store = await withSeats({ a: 1 });
      const [s1, s2] = await admit(store, 2);
      await store.booking.reserve(request(store, 'p1', 'a', s1!, 'k1', 'res-1'));
      expect(await store.booking.cancel('p1', 'not-mine', T0)).toEqual({ outcome: 'not_found' });
      expect(await store.booking.cancel('p2', 'res-1', T0)).toEqual({ outcome: 'not_found' });
      const cancelled = await store.booking.cancel('p1', 'res-1', T0);
      expect(cancelled).toMatchObject({ outcome: 'cancelled', remaining: 1, reservation: { id: 'res-1' } });
      expect(await store.booking.reservationOf('p1')).toBeNull();
      expect((await store.booking.reserve(request(store, 'p2', 'a', s2!))).outcome).toBe('booked');
      expect(await store.booking.totals()).toMatchObject({ bookedTotal: 2, cancelledTotal: 1, seatsLeft: 0 });
    });

    it('appends every booking and cancellation to the durable log in order', async () => {
      const store = await withSeats({ a: 3 });
      const [s1, s2] = await admit(store, 2);
      await store.booking.reserve(request(store, 'p1', 'a', s1!, 'k', 'r1'));
      await store.booking.reserve(request(store, 'p2', 'a', s2!, 'k', 'r2'));
      await store.booking.cancel('p1', 'r1', T0);
      await store.booking.reserve(request(store, 'p2', 'a', s2!, 'k', 'r2'));
      const log = await store.booking.readLog('', 100);
      expect(log.map((e) => [e.kind, e.personId, e.reservation.id])).toEqual([
        ['booked', 'p1', 'r1'],
        ['booked', 'p2', 'r2'],
        ['cancelled', 'p1', 'r1'],
      ]);
      const rest = await store.booking.readLog(log[0]!.id, 100);
      expect(rest.map((e) => e.reservation.id)).toEqual(['r2', 'r1']);
    });

    it('adds batched failure counts to the cluster-wide totals', async () => {
      const store = await withSeats({ a: 0 });
      const [s1] = await admit(store, 1);
      expect(await store.booking.reserve(request(store, 'p1', 'a', s1!))).toEqual({ outcome: 'sold_out' });
      await store.booking.addFailures({ not_eligible: 3, sold_out: 2, unknown_slot: 0 });
      await store.booking.addFailures({ sold_out: 1 });
      expect((await store.booking.totals()).failures).toEqual({ not_eligible: 3, sold_out: 3 });
    });

    it('agrees on the first proposed event start', async () => {
      const store = await factory.open();
      expect(await store.booking.agreeEventStart(T0, 60_000)).toBe(T0);
      expect(await store.booking.agreeEventStart(T0 + 5000, 60_000)).toBe(T0);
    });

    it('never sells a seat twice under concurrent attempts', async () => {
      const store = await withSeats({ a: 10 });
      const sessions = await admit(store, 50);
      const results = await Promise.all(sessions.map((n, i) => store.booking.reserve(request(store, `p${i}`, 'a', n))));
      expect(results.filter((r) => r.outcome === 'booked')).toHaveLength(10);
      expect(results.filter((r) => r.outcome === 'sold_out')).toHaveLength(40);
      expect((await store.booking.remaining()).get('a')).toBe(0);
      expect((await store.queue.counters()).active).toBe(40);
    });
  });
}

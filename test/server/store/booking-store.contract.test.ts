import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reservation } from '../../../protocol';
import type { ReserveRequest, Store } from '../../../server/store';
import { storeFactories } from '../../support/stores';

const T0 = Date.UTC(2021, 7, 21, 12, 0, 0);

function request(personId: string, slotId: string, key = `key-${personId}`, id = `r-${personId}-${key}`): ReserveRequest {
  const reservation: Reservation = { id, slotId, center: 'Gangnam-gu Vaccination Center', date: '2021-08-26', vaccine: 'pfizer', createdAt: T0 };
  return { personId, idempotencyKey: key, reservation, idempotencyTtlSec: 3600 };
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
      expect((await store.booking.reserve(request('p1', 'a'))).outcome).toBe('booked');
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
      const first = await store.booking.reserve(request('p1', 'a'));
      expect(first).toMatchObject({ outcome: 'booked', remaining: 0, reservation: { slotId: 'a', id: 'r-p1-key-p1' } });
      expect(await store.booking.reserve(request('p2', 'a'))).toEqual({ outcome: 'sold_out' });
      expect(await store.booking.totals()).toEqual({ bookedTotal: 1, cancelledTotal: 0, seatsLeft: 0, failures: {} });
      expect(await store.booking.readLog('', 10)).toHaveLength(1);
    });

    it('refuses a second booking by the same person with already_reserved and the held reservation', async () => {
      const store = await withSeats({ a: 5, b: 5 });
      await store.booking.reserve(request('p1', 'a'));
      const again = await store.booking.reserve(request('p1', 'b', 'another-key'));
      expect(again).toMatchObject({ outcome: 'already_reserved', reservation: { slotId: 'a' } });
      expect(Object.fromEntries(await store.booking.remaining())).toEqual({ a: 4, b: 5 });
      expect((await store.booking.totals()).bookedTotal).toBe(1);
    });

    it('replays the same Idempotency-Key with the first reservation and takes no second seat', async () => {
      const store = await withSeats({ a: 5 });
      const first = await store.booking.reserve(request('p1', 'a', 'k1', 'first-id'));
      const repeat = await store.booking.reserve(request('p1', 'a', 'k1', 'second-id'));
      expect(repeat).toEqual({ outcome: 'repeat', reservation: first.outcome === 'booked' ? first.reservation : null });
      expect((await store.booking.remaining()).get('a')).toBe(4);
      expect((await store.booking.totals()).bookedTotal).toBe(1);
    });

    it('answers unknown_slot for a slot never loaded and changes nothing', async () => {
      const store = await withSeats({ a: 1 });
      expect(await store.booking.reserve(request('p1', 'zzz'))).toEqual({ outcome: 'unknown_slot' });
      expect(await store.booking.reservationOf('p1')).toBeNull();
      expect((await store.booking.totals()).seatsLeft).toBe(1);
    });

    it('cancel returns the seat and lets the person book again; a wrong id cancels nothing', async () => {
      const store = await withSeats({ a: 1 });
      await store.booking.reserve(request('p1', 'a', 'k1', 'res-1'));
      expect(await store.booking.cancel('p1', 'not-mine', T0)).toEqual({ outcome: 'not_found' });
      expect(await store.booking.cancel('p2', 'res-1', T0)).toEqual({ outcome: 'not_found' });
      const cancelled = await store.booking.cancel('p1', 'res-1', T0);
      expect(cancelled).toMatchObject({ outcome: 'cancelled', remaining: 1, reservation: { id: 'res-1' } });
      expect(await store.booking.reservationOf('p1')).toBeNull();
      expect((await store.booking.reserve(request('p2', 'a'))).outcome).toBe('booked');
      expect(await store.booking.totals()).toMatchObject({ bookedTotal: 2, cancelledTotal: 1, seatsLeft: 0 });
    });

    it('appends every booking and cancellation to the durable log in order', async () => {
      const store = await withSeats({ a: 3 });
      await store.booking.reserve(request('p1', 'a', 'k', 'r1'));
      await store.booking.reserve(request('p2', 'a', 'k', 'r2'));
      await store.booking.cancel('p1', 'r1', T0);
      await store.booking.reserve(request('p2', 'a', 'k', 'r2'));
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
      await store.booking.reserve(request('p1', 'a'));
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
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.booking.reserve(request(`p${i}`, 'a'))));
      expect(results.filter((r) => r.outcome === 'booked')).toHaveLength(10);
      expect(results.filter((r) => r.outcome === 'sold_out')).toHaveLength(40);
      expect((await store.booking.remaining()).get('a')).toBe(0);
    });
  });
}

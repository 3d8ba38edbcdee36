import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS } from '../../../protocol';
import type { Store } from '../../../server/store';
import { clientSlot } from '../../../server/waiting-room/client-slot';
import { storeFactories } from '../../support/stores';

const T0 = 1_700_000_000_000;

for (const factory of storeFactories()) {
  describe(`queue store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    async function withRate(store: Store, patch: Partial<typeof DEFAULT_CONTROLS>): Promise<void> {
      const { version, controls } = await store.controls.get();
      expect(await store.controls.set({ ...controls, ...patch }, version)).not.toBeNull();
    }

    it('numbers tickets 1, 2, 3 in join order', async () => {
      const store = await factory.open();
      const numbers = [];
      for (let i = 0; i < 3; i++) numbers.push((await store.queue.join(null, T0, 60)).number);
      expect(numbers).toEqual([1, 2, 3]);
      expect((await store.queue.counters()).tail).toBe(3);
    });

    it('keeps a waiting client in its place when it joins again', async () => {
      const store = await factory.open();
      const a = await store.queue.join(clientSlot('client-aaaa'), T0, 60);
      await store.queue.join(clientSlot('client-bbbb'), T0, 60);
      const again = await store.queue.join(clientSlot('client-aaaa'), T0, 60);
      expect(again).toEqual({ number: a.number, reused: true });
      expect((await store.queue.counters()).tail).toBe(2);
    });

    it('counts the join limits in the join step: the address first, then the client; past either, no ticket', async () => {
      const store = await factory.open();
      const limits = (address: string, client: string | null, issue = true) => ({
        perAddress: { key: address, max: 3, windowMs: 60_000 },
        perClient: client ? { key: client, max: 2, windowMs: 60_000 } : null,
        issue,
      });
      const a = await store.queue.joinWithin(clientSlot('client-aaaa'), T0, 60, limits('10.0.0.1', 'client-aaaa'));
      expect(a.ticket).toEqual({ number: 1, reused: false });
      expect(a.address.count).toBe(1);
      expect(a.address.ttlMs).toBeGreaterThan(59_000);
      expect(a.address.ttlMs).toBeLessThanOrEqual(60_000);
      expect(a.client?.count).toBe(1);
      // The same client again keeps its place; a third time it is past its limit and gets nothing.
      expect((await store.queue.joinWithin(clientSlot('client-aaaa'), T0, 60, limits('10.0.0.1', 'client-aaaa'))).ticket).toEqual({ number: 1, reused: true });
      const third = await store.queue.joinWithin(clientSlot('client-aaaa'), T0, 60, limits('10.0.0.1', 'client-aaaa'));
      expect(third).toMatchObject({ ticket: null, address: { count: 3 }, client: { count: 3 } });
      // Past the address limit nothing else is counted.
      const fourth = await store.queue.joinWithin(clientSlot('client-bbbb'), T0, 60, limits('10.0.0.1', 'client-bbbb'));
      expect(fourth).toMatchObject({ ticket: null, address: { count: 4 }, client: null });
      // Another address and client have budgets of their own; `issue: false` counts and issues nothing.
      const counted = await store.queue.joinWithin(clientSlot('client-bbbb'), T0, 60, limits('10.0.0.2', 'client-bbbb', false));
      expect(counted).toMatchObject({ ticket: null, address: { count: 1 }, client: { count: 1 } });
      const b = await store.queue.joinWithin(null, T0, 60, limits('10.0.0.2', null));
      expect(b).toMatchObject({ ticket: { number: 2, reused: false }, address: { count: 2 }, client: null });
      expect((await store.queue.counters()).tail).toBe(2);
    });

    it('takes joins made at the same moment (one batch on Redis) in call order, exactly as one by one', async () => {
      const store = await factory.open();
      const limits = (address: string, client: string | null) => ({
        perAddress: { key: address, max: 4, windowMs: 60_000 },
        perClient: client ? { key: client, max: 2, windowMs: 60_000 } : null,
        issue: true,
      });
      const joins = await Promise.all([
        store.queue.joinWithin(clientSlot('client-aaaa'), T0, 60, limits('10.0.0.1', 'client-aaaa')),
        store.queue.joinWithin(clientSlot('client-bbbb'), T0, 60, limits('10.0.0.1', 'client-bbbb')),
        // The same client again in the same batch keeps the number its first join got.
        store.queue.joinWithin(clientSlot('client-aaaa'), T0, 60, limits('10.0.0.1', 'client-aaaa')),
        store.queue.joinWithin(clientSlot('client-aaaa'), T0, 60, limits('10.0.0.1', 'client-aaaa')),
        // Fifth from the address: past its limit of 4, no ticket and the client is not counted.
        store.queue.joinWithin(clientSlot('client-cccc'), T0, 60, limits('10.0.0.1', 'client-cccc')),
        // A join without limits in the same moment (its own batch) still gets the next number.
        store.queue.join(null, T0, 60),
      ]);
      expect(joins.slice(0, 5)).toMatchObject([
        { ticket: { number: 1, reused: false }, address: { count: 1 }, client: { count: 1 } },
        { ticket: { number: 2, reused: false }, address: { count: 2 }, client: { count: 1 } },
        { ticket: { number: 1, reused: true }, address: { count: 3 }, client: { count: 2 } },
        { ticket: null, address: { count: 4 }, client: { count: 3 } },
        { ticket: null, address: { count: 5 }, client: null },
      ]);
      expect(joins[5]).toEqual({ number: 3, reused: false });
      expect((await store.queue.counters()).tail).toBe(3);
    });

    it('numbers 1,000 joins made at once 1..1,000, each once (batches split at their size limit)', async () => {
      const store = await factory.open();
      const joins = await Promise.all(Array.from({ length: 1000 }, (_, i) => store.queue.join(clientSlot(`client-${i}-abcdefghijklmnopqrstuvwxyz`), T0, 60)));
      expect(joins.map((j) => j.number)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
      expect(joins.every((j) => !j.reused)).toBe(true);
    });

    it('admits rate x elapsed, carrying fractions between ticks', async () => {
      const store = await factory.open();
      await withRate(store, { admissionRatePerSec: 3 });
      for (let i = 0; i < 100; i++) await store.queue.join(null, T0, 60);
      await store.queue.tick({ now: T0, claimWindowMs: 60_000 });
      let admitted = 0;
      for (let t = 1; t <= 10; t++) admitted += (await store.queue.tick({ now: T0 + t * 500, claimWindowMs: 60_000 })).admitted;
      expect(admitted).toBe(15);
      expect((await store.queue.counters()).head).toBe(15);
    });

    it('never admits beyond the queue or maxActiveSessions', async () => {
      const store = await factory.open();
      await withRate(store, { admissionRatePerSec: 1000, maxActiveSessions: 4 });
      for (let i = 0; i < 10; i++) await store.queue.join(null, T0, 60);
      await store.queue.tick({ now: T0, claimWindowMs: 60_000 });
      const r = await store.queue.tick({ now: T0 + 1000, claimWindowMs: 60_000 });
      expect(r.admitted).toBe(4);
      expect(r.pending).toBe(4);
      const empty = await factory.open();
      await withRate(empty, { admissionRatePerSec: 1000 });
      await empty.queue.join(null, T0, 60);
      await empty.queue.tick({ now: T0, claimWindowMs: 60_000 });
      expect((await empty.queue.tick({ now: T0 + 1000, claimWindowMs: 60_000 })).head).toBe(1);
    });

    it('admits nobody while the gate is paused and no burst after it reopens', async () => {
      const store = await factory.open();
      await withRate(store, { admissionRatePerSec: 10, gate: 'paused' });
      for (let i = 0; i < 100; i++) await store.queue.join(null, T0, 60);
      await store.queue.tick({ now: T0, claimWindowMs: 60_000 });
      expect((await store.queue.tick({ now: T0 + 3000, claimWindowMs: 60_000 })).admitted).toBe(0);
      await withRate(store, { gate: 'open' });
      expect((await store.queue.tick({ now: T0 + 4000, claimWindowMs: 60_000 })).admitted).toBe(10);
    });

    it('claims once: repeats return the same session, unclaimed admissions expire and free room', async () => {
      const store = await factory.open();
      await withRate(store, { admissionRatePerSec: 2, maxActiveSessions: 2 });
      for (let i = 0; i < 5; i++) await store.queue.join(null, T0, 60);
      await store.queue.tick({ now: T0, claimWindowMs: 10_000 });
      await store.queue.tick({ now: T0 + 1000, claimWindowMs: 10_000 });
      expect(await store.queue.claim(3, T0 + 1000, 60_000)).toEqual({ state: 'waiting' });
      const first = await store.queue.claim(1, T0 + 2000, 60_000);
      expect(first).toEqual({ state: 'active', expiresAt: T0 + 62_000 });
      expect(await store.queue.claim(1, T0 + 3000, 60_000)).toEqual(first);
      // ticket 2 never claims; after the claim window its room goes to ticket 3
      expect((await store.queue.tick({ now: T0 + 5000, claimWindowMs: 10_000 })).admitted).toBe(0);
      const later = await store.queue.tick({ now: T0 + 11_500, claimWindowMs: 10_000 });
      expect(later.unclaimed).toBe(1);
      expect(later.admitted).toBe(1);
      expect(await store.queue.claim(2, T0 + 11_500, 60_000)).toEqual({ state: 'expired' });
      expect((await store.queue.counters()).active).toBe(1);
    });

    it('ends a session and expires sessions past their TTL', async () => {
      const store = await factory.open();
      for (let i = 0; i < 2; i++) await store.queue.join(null, T0, 60);
      await store.queue.tick({ now: T0, claimWindowMs: 10_000 });
      await store.queue.tick({ now: T0 + 1000, claimWindowMs: 10_000 });
      await store.queue.claim(1, T0 + 1000, 5_000);
      await store.queue.claim(2, T0 + 1000, 60_000);
      expect(await store.queue.endSession(2)).toBe(true);
      expect(await store.queue.endSession(2)).toBe(false);
      const r = await store.queue.tick({ now: T0 + 7000, claimWindowMs: 10_000 });
      expect(r.active).toBe(0);
      expect(r.sessionsEnded).toBe(2);
    });

    it('reads a session expiry without changing anything: null when waiting, pending, ended or never issued', async () => {
      const store = await factory.open();
      for (let i = 0; i < 3; i++) await store.queue.join(null, T0, 60);
      expect(await store.queue.sessionExpiry(1)).toBeNull();
      await store.queue.tick({ now: T0, claimWindowMs: 10_000 });
      await store.queue.tick({ now: T0 + 1000, claimWindowMs: 10_000 });
      expect(await store.queue.sessionExpiry(1)).toBeNull();
      await store.queue.claim(1, T0 + 1000, 60_000);
      await store.queue.claim(2, T0 + 1000, 60_000);
      const before = await store.queue.counters();
      expect(await store.queue.sessionExpiry(1)).toBe(T0 + 61_000);
      expect(await store.queue.sessionExpiry(1)).toBe(T0 + 61_000);
      expect(await store.queue.counters()).toEqual(before);
      expect(await store.queue.endSession(2)).toBe(true);
      expect(await store.queue.sessionExpiry(2)).toBeNull();
      expect(await store.queue.sessionExpiry(3)).toBeNull();
      expect(await store.queue.sessionExpiry(404)).toBeNull();
      // Past its expiry the caller compares with now; the tick then sweeps it away.
      await store.queue.tick({ now: T0 + 62_000, claimWindowMs: 10_000 });
      expect(await store.queue.sessionExpiry(1)).toBeNull();
    });

    it('counts live pollers across windows without per-user keys', async () => {
      const store = await factory.open();
      await store.queue.markLive(10, [1, 2, 3, 4], 90);
      await store.queue.markLive(11, [3, 4, 5], 90);
      expect(await store.queue.countLive([10, 11])).toBe(5);
      expect(await store.queue.countLive([11])).toBe(3);
    });

    it('counts sampled heartbeats apart from status polls', async () => {
      const store = await factory.open();
      await store.queue.markLive(10, [1, 2, 3], 90);
      await store.queue.markLive(10, [32, 64], 90, 'heartbeats');
      await store.queue.markLive(11, [64, 96], 90, 'heartbeats');
      expect(await store.queue.countLive([10, 11], 'heartbeats')).toBe(3);
      expect(await store.queue.countLive([10, 11], 'polls')).toBe(3);
      expect(await store.queue.countLive([10, 11])).toBe(3);
      expect(await store.queue.countLive([11], 'heartbeats')).toBe(2);
    });

    it('controls are compare-and-set', async () => {
      const store = await factory.open();
      const base = await store.controls.get();
      expect(base.controls).toEqual(DEFAULT_CONTROLS);
      const next = await store.controls.set({ ...base.controls, admissionRatePerSec: 7 }, base.version);
      expect(next?.version).toBe(base.version + 1);
      expect(await store.controls.set({ ...base.controls, admissionRatePerSec: 9 }, base.version)).toBeNull();
      expect((await store.controls.get()).controls.admissionRatePerSec).toBe(7);
    });

    it('delivers bus messages to subscribers', async () => {
      const store = await factory.open();
      const got: string[] = [];
      await store.bus.subscribe('test', (m) => got.push(m));
      await store.bus.publish('test', 'hello');
      await expect.poll(() => got).toEqual(['hello']);
    });
  });
}

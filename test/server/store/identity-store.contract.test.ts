import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store';
import { storeFactories } from '../../support/stores';

const T0 = 1_700_000_000_000;
const S0 = T0 / 1000;
const TEN_MIN = 600_000;
const SESSION = { number: 1, expiresAt: T0 + 3_600_000 };

/** A real active session from the store's own waiting room: join, tick until admitted, claim at T0. */
async function admit(store: Store): Promise<number> {
  const { number } = await store.queue.join(null, T0, 3600);
  let now = T0 - 60_000;
  await store.queue.tick({ now, claimWindowMs: 3_600_000 });
  while ((await store.queue.tick({ now: (now += 1000), claimWindowMs: 3_600_000 })).head < number);
  expect(await store.queue.claim(number, T0, 60_000)).toEqual({ state: 'active', expiresAt: T0 + 60_000 });
  return number;
}

for (const factory of storeFactories()) {
  describe(`identity store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    it('sums counts from every node per second and keeps seconds apart', async () => {
      const store = await factory.open();
      const gauges = { at: T0, values: {} };
      await store.identity.flushHealth({ nodeId: 'a', buckets: [{ second: S0, counts: { 'kakao.ok': 3, 'kakao.l4': 3 } }], gauges, ttlSec: 30 });
      await store.identity.flushHealth({
        nodeId: 'b',
        buckets: [
          { second: S0, counts: { 'kakao.ok': 2, 'kakao.errors': 1 } },
          { second: S0 + 1, counts: { 'naver.ok': 7 } },
        ],
        gauges,
        ttlSec: 30,
      });
      const read = await store.identity.readHealth([S0 - 1, S0, S0 + 1], T0);
      expect(read.buckets).toEqual([{}, { 'kakao.ok': 5, 'kakao.l4': 3, 'kakao.errors': 1 }, { 'naver.ok': 7 }]);
    });

    it('keeps only the latest gauges of each node, and only fresh ones', async () => {
      const store = await factory.open();
      await store.identity.flushHealth({ nodeId: 'a', buckets: [], gauges: { at: T0, values: { 'kakao.inflight': 4 } }, ttlSec: 30 });
      await store.identity.flushHealth({ nodeId: 'a', buckets: [], gauges: { at: T0 + 1000, values: { 'kakao.inflight': 2 } }, ttlSec: 30 });
      await store.identity.flushHealth({ nodeId: 'b', buckets: [], gauges: { at: T0 + 1000, values: { 'kakao.open': 1 } }, ttlSec: 30 });
      await store.identity.flushHealth({ nodeId: 'old', buckets: [], gauges: { at: T0 - 5000, values: { 'kakao.inflight': 99 } }, ttlSec: 30 });
      const read = await store.identity.readHealth([], T0);
      expect(read.gauges).toHaveLength(2);
      expect(read.gauges).toEqual(
        expect.arrayContaining([
          { nodeId: 'a', values: { 'kakao.inflight': 2 } },
          { nodeId: 'b', values: { 'kakao.open': 1 } },
        ]),
      );
    });

    it('allows one verification per person per window and says when to retry', async () => {
      const store = await factory.open();
      const first = { personId: 'person-1', deviceId: 'device-aaaa', now: T0, windowMs: TEN_MIN, session: SESSION };
      expect(await store.identity.recordVerification(first)).toEqual({ ok: true });
      expect(await store.identity.recordVerification({ ...first, now: T0 + 60_000 })).toEqual({
        ok: false,
        reason: 'too_soon',
        retryAt: T0 + TEN_MIN,
      });
      expect(await store.identity.recordVerification({ ...first, personId: 'person-2', now: T0 + 60_000, session: { ...SESSION, number: 2 } })).toEqual({
        ok: true,
      });
      expect(await store.identity.recordVerification({ ...first, now: T0 + TEN_MIN })).toEqual({ ok: true });
    });

    it('refuses a second device for the same person within the window', async () => {
      const store = await factory.open();
      const first = { personId: 'person-3', deviceId: 'device-aaaa', now: T0, windowMs: TEN_MIN, session: SESSION };
      expect(await store.identity.recordVerification(first)).toEqual({ ok: true });
      expect(await store.identity.recordVerification({ ...first, deviceId: 'device-bbbb', now: T0 + 1000 })).toEqual({
        ok: false,
        reason: 'other_device',
        retryAt: T0 + TEN_MIN,
      });
      // A refusal does not move the window on.
      expect(await store.identity.recordVerification({ ...first, deviceId: 'device-bbbb', now: T0 + TEN_MIN + 1 })).toEqual({ ok: true });
    });

    it('binds a session to the first person it verified: another person is refused and their own window stays untouched', async () => {
      const store = await factory.open();
      const session = { number: 7, expiresAt: T0 + 60_000 };
      const first = { personId: 'person-a', deviceId: null, now: T0, windowMs: TEN_MIN, session };
      expect(await store.identity.recordVerification(first)).toEqual({ ok: true });
      for (const other of ['person-b', 'person-c']) {
        expect(await store.identity.recordVerification({ ...first, personId: other, now: T0 + 1000 })).toEqual({ ok: false, reason: 'session_person_bound' });
      }
      // Nothing was recorded for them: each verifies at once on their own admission.
      expect(await store.identity.recordVerification({ ...first, personId: 'person-b', now: T0 + 2000, session: { ...session, number: 8 } })).toEqual({
        ok: true,
      });
      // The bound person meets the 10-minute rule as before.
      expect(await store.identity.recordVerification({ ...first, now: T0 + 3000 })).toMatchObject({ ok: false, reason: 'too_soon' });
      // Once the session has expired its binding goes with it.
      expect(
        await store.identity.recordVerification({ ...first, personId: 'person-c', now: T0 + 60_000 + 1, session: { number: 7, expiresAt: T0 + 120_000 } }),
      ).toEqual({
        ok: true,
      });
    });

    it('lets one verification at a time run per active session; only the holder ends it', async () => {
      const store = await factory.open();
      const n = await admit(store);
      const lease = { number: n, token: 'holder', now: T0, leaseMs: 60_000 };
      expect(await store.identity.beginVerification({ ...lease, number: n + 1 })).toEqual({ state: 'session_ended' });
      expect(await store.identity.beginVerification(lease)).toEqual({ state: 'started', sessionExpiresAt: T0 + 60_000 });
      expect(await store.identity.beginVerification({ ...lease, token: 'second' })).toEqual({ state: 'in_progress' });
      await store.identity.endVerification(n, 'second');
      expect(await store.identity.beginVerification({ ...lease, token: 'third' })).toEqual({ state: 'in_progress' });
      await store.identity.endVerification(n, 'holder');
      expect(await store.identity.beginVerification({ ...lease, token: 'fourth', leaseMs: 1 })).toMatchObject({ state: 'started' });
      // A lease whose holder died lapses by itself.
      await new Promise((r) => setTimeout(r, 20));
      expect(await store.identity.beginVerification({ ...lease, token: 'fifth' })).toMatchObject({ state: 'started' });
      // An expired session starts nothing.
      expect(await store.identity.beginVerification({ ...lease, token: 'sixth', now: T0 + 60_000 })).toEqual({ state: 'session_ended' });
    });
  });
}

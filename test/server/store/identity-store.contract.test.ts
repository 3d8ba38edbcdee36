import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../support/stores';

const T0 = 1_700_000_000_000;
const S0 = T0 / 1000;
const TEN_MIN = 600_000;

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
      const first = { personId: 'person-1', deviceId: 'device-aaaa', now: T0, windowMs: TEN_MIN };
      expect(await store.identity.recordVerification(first)).toEqual({ ok: true });
      expect(await store.identity.recordVerification({ ...first, now: T0 + 60_000 })).toEqual({
        ok: false,
        reason: 'too_soon',
        retryAt: T0 + TEN_MIN,
      });
      expect(await store.identity.recordVerification({ ...first, personId: 'person-2', now: T0 + 60_000 })).toEqual({ ok: true });
      expect(await store.identity.recordVerification({ ...first, now: T0 + TEN_MIN })).toEqual({ ok: true });
    });

    it('refuses a second device for the same person within the window', async () => {
      const store = await factory.open();
      const first = { personId: 'person-3', deviceId: 'device-aaaa', now: T0, windowMs: TEN_MIN };
      expect(await store.identity.recordVerification(first)).toEqual({ ok: true });
      expect(await store.identity.recordVerification({ ...first, deviceId: 'device-bbbb', now: T0 + 1000 })).toEqual({
        ok: false,
        reason: 'other_device',
        retryAt: T0 + TEN_MIN,
      });
      // A refusal does not move the window on.
      expect(await store.identity.recordVerification({ ...first, deviceId: 'device-bbbb', now: T0 + TEN_MIN + 1 })).toEqual({ ok: true });
    });
  });
}

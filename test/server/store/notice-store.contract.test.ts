import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../../protocol';
import { storeFactories } from '../../support/stores';

const notice = (id: string, postedAt: number, expiresAt: number): Notice => ({
  id,
  severity: 'warning',
  text: { ko: '카카오 인증이 혼잡합니다. PASS를 이용해 주세요', en: 'Kakao verification is congested. Please use PASS.' },
  postedAt,
  expiresAt,
});

for (const factory of storeFactories()) {
  describe(`notice store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    it('lists the notices not yet expired, newest first', async () => {
      const store = await factory.open();
      await store.notices.post(notice('a', 1000, 61_000));
      await store.notices.post(notice('b', 2000, 10_000));
      await store.notices.post(notice('c', 3000, 121_000));
      expect((await store.notices.active(5000)).map((n) => n.id)).toEqual(['c', 'b', 'a']);
      expect(await store.notices.active(10_000)).toEqual([notice('c', 3000, 121_000), notice('a', 1000, 61_000)]);
      expect(await store.notices.active(200_000)).toEqual([]);
    });

    it('clears a notice once, and an expired one is no longer there to clear', async () => {
      const store = await factory.open();
      await store.notices.post(notice('a', 1000, 61_000));
      await store.notices.post(notice('b', 1000, 5000));
      expect(await store.notices.clear('a', 2000)).toEqual(notice('a', 1000, 61_000));
      expect(await store.notices.clear('a', 2000)).toBeNull();
      expect(await store.notices.clear('b', 6000)).toBeNull();
      expect(await store.notices.active(2000)).toEqual([]);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../support/stores';

for (const factory of storeFactories()) {
  describe(`operator store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    it('creates an operator once and refuses the same name again', async () => {
      const store = await factory.open();
      const record = { username: 'kim', role: 'commander' as const, passwordHash: 'scrypt$x', createdAt: 1 };
      expect(await store.operators.create(record)).toBe(true);
      expect(await store.operators.create({ ...record, role: 'admin' })).toBe(false);
      expect(await store.operators.get('kim')).toEqual(record);
      expect(await store.operators.get('lee')).toBeNull();
    });

    it('lists operators by name', async () => {
      const store = await factory.open();
      for (const username of ['park', 'ahn']) await store.operators.create({ username, role: 'viewer', passwordHash: 'h', createdAt: 1 });
      expect((await store.operators.list()).map((o) => o.username)).toEqual(['ahn', 'park']);
    });
  });
}

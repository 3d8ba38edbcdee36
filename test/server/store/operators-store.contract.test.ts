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

    it('removes an operator, once', async () => {
      const store = await factory.open();
      await store.operators.create({ username: 'gone', role: 'admin', passwordHash: 'h', createdAt: 1 });
      expect(await store.operators.remove('gone')).toBe(true);
      expect(await store.operators.get('gone')).toBeNull();
      expect(await store.operators.remove('gone')).toBe(false);
    });

    it('disables and enables an operator, moving the version on each time, and keeps the rest of the record', async () => {
      const store = await factory.open();
      const record = { username: 'choi', role: 'commander' as const, passwordHash: 'scrypt$y', createdAt: 1_764_412_345_678, demo: true };
      await store.operators.create(record);
      expect(await store.operators.setDisabled('choi', true)).toEqual({ ...record, disabled: true, version: 1 });
      expect(await store.operators.get('choi')).toEqual({ ...record, disabled: true, version: 1 });
      expect(await store.operators.setDisabled('choi', false)).toEqual({ ...record, disabled: false, version: 2 });
      expect(await store.operators.setDisabled('nobody', true)).toBeNull();
    });

    it('moves the version on once per change when changes race', async () => {
      const store = await factory.open();
      await store.operators.create({ username: 'race', role: 'viewer', passwordHash: 'h', createdAt: 1 });
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.operators.setDisabled('race', i % 2 === 0)));
      expect((await store.operators.get('race'))?.version).toBe(20);
    });
  });
}

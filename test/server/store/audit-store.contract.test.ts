import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../protocol';
import { storeFactories } from '../../support/stores';

const T0 = 1_700_000_000_000;

function draft(at: number, text: string): Omit<AuditEntry, 'id'> {
  return { at, kind: 'note', actor: 'kim', role: 'commander', reason: null, text, drill: false };
}

for (const factory of storeFactories()) {
  describe(`audit store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    it('appends entries with increasing ids and returns them as written', async () => {
      const store = await factory.open();
      const first = await store.audit.append({ ...draft(T0, 'one'), before: { rate: 1 }, after: { rate: 2 } });
      const second = await store.audit.append(draft(T0 + 1, 'two'));
      expect(first.id).not.toBe(second.id);
      const all = await store.audit.since(0, 10);
      expect(all).toEqual([first, second]);
      expect(all[0]).toMatchObject({ text: 'one', before: { rate: 1 }, after: { rate: 2 } });
    });

    it('answers since (entry time) and limit, oldest first', async () => {
      const store = await factory.open();
      for (let i = 0; i < 5; i++) await store.audit.append(draft(T0 + i * 1000, `n${i}`));
      expect((await store.audit.since(T0 + 2000, 10)).map((e) => e.text)).toEqual(['n2', 'n3', 'n4']);
      expect((await store.audit.since(0, 2)).map((e) => e.text)).toEqual(['n0', 'n1']);
    });

    it('keeps ids increasing when an entry is stamped earlier than the last one', async () => {
      const store = await factory.open();
      const late = await store.audit.append(draft(T0 + 5000, 'late'));
      const early = await store.audit.append(draft(T0, 'early'));
      expect((await store.audit.since(0, 10)).map((e) => e.id)).toEqual([late.id, early.id]);
    });

    it('answers nothing, and no error, for a since past any entry or not a whole number', async () => {
      const store = await factory.open();
      await store.audit.append(draft(T0, 'kept'));
      expect(await store.audit.since(1e20, 10)).toEqual([]);
      expect(await store.audit.since(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      expect(await store.audit.since(Number.NaN, 10)).toEqual([]);
      expect((await store.audit.since(-5, 10)).map((e) => e.text)).toEqual(['kept']);
    });

    it('writes a controls change and its audit entry together, or neither on a version conflict', async () => {
      const store = await factory.open();
      const base = await store.controls.get();
      const next = { ...base.controls, gate: 'closed' as const };
      const audit = { ...draft(T0, 'close'), kind: 'controls' as const, before: base.controls, after: next };
      const written = await store.controls.change({ next, expectedVersion: base.version, changeId: 'c1', audit });
      if (written === 'fenced') throw new Error('an unfenced change cannot be fenced off');
      expect(written?.stored).toEqual({ controls: next, version: base.version + 1 });
      expect(await store.audit.since(0, 10)).toEqual([written?.entry]);
      expect(await store.controls.change({ next: base.controls, expectedVersion: base.version, changeId: 'c2', audit })).toBeNull();
      expect((await store.controls.get()).controls.gate).toBe('closed');
      expect(await store.audit.since(0, 10)).toHaveLength(1);
      expect(await store.controls.settle('c1')).toEqual({ applied: true, version: base.version + 1, entryId: written?.entry.id });
    });

    it('fences off a change settled before it arrived: it is never written later', async () => {
      const store = await factory.open();
      const base = await store.controls.get();
      expect(await store.controls.settle('late')).toEqual({ applied: false });
      const next = { ...base.controls, gate: 'closed' as const };
      const audit = { ...draft(T0, 'late'), kind: 'controls' as const };
      expect(await store.controls.change({ next, expectedVersion: base.version, changeId: 'late', audit })).toBeNull();
      expect(await store.controls.get()).toEqual(base);
      expect(await store.audit.since(0, 10)).toEqual([]);
      expect(await store.controls.settle('late')).toEqual({ applied: false });
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS, type AuditEntry } from '../../../protocol';
import type { Store } from '../../../server/store';
import { storeFactories } from '../../support/stores';

/** Keeps asking until `holder` takes the lease (the other's lapsed): returns the token and how many tries it took. */
async function acquireWhenFree(store: Store, holder: string, ttlMs: number): Promise<number> {
  for (;;) {
    const token = await store.leases.acquire('pilot', holder, ttlMs, Date.now());
    if (token !== null) return token;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function rateChange(store: Store, expectedVersion: number, rate: number, fence: { lease: string; token: number }) {
  const next = { ...structuredClone(DEFAULT_CONTROLS), admissionRatePerSec: rate };
  const audit: Omit<AuditEntry, 'id'> = { at: Date.now(), kind: 'controls', actor: 'autopilot', role: null, reason: `rate ${rate}`, drill: false };
  return store.controls.change({ next, expectedVersion, changeId: `c-${rate}-${Math.random()}`, audit, fence });
}

for (const factory of storeFactories()) {
  describe(`lease store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    it('gives the lease to one holder at a time and keeps its token while it renews', async () => {
      const store = await factory.open();
      const now = Date.now();
      const a = await store.leases.acquire('pilot', 'node-a', 5000, now);
      expect(a).toBe(1);
      expect(await store.leases.acquire('pilot', 'node-b', 5000, now)).toBeNull();
      expect(await store.leases.acquire('pilot', 'node-a', 5000, now + 10)).toBe(1);
      await store.leases.release('pilot', 'node-b');
      expect(await store.leases.acquire('pilot', 'node-b', 5000, now + 20)).toBeNull();
      await store.leases.release('pilot', 'node-a');
      expect(await store.leases.acquire('pilot', 'node-b', 5000, now + 30)).toBe(2);
    });

    it('hands a lapsed lease to the next holder with a larger token, and fences off the former holder', async () => {
      const store = await factory.open();
      const first = (await store.leases.acquire('pilot', 'node-a', 150, Date.now()))!;
      const version = (await store.controls.get()).version;
      const written = await rateChange(store, version, 200, { lease: 'pilot', token: first });
      expect(written).not.toBe('fenced');
      expect(written).not.toBeNull();
      const second = await acquireWhenFree(store, 'node-b', 5000);
      expect(second).toBe(first + 1);
      // The former leader wakes up and writes with its old token: refused, nothing changed.
      const stored = await store.controls.get();
      expect(await rateChange(store, stored.version, 999, { lease: 'pilot', token: first })).toBe('fenced');
      expect(await store.controls.get()).toEqual(stored);
      expect(await store.leases.putNote('pilot', first, 'stale', 5000, Date.now())).toBe(false);
      expect(await store.leases.putNote('pilot', second, 'fresh', 5000, Date.now())).toBe(true);
      expect(await store.leases.note('pilot', Date.now())).toBe('fresh');
      expect(await rateChange(store, stored.version, 300, { lease: 'pilot', token: second })).toMatchObject({ stored: { version: stored.version + 1 } });
    });
  });
}

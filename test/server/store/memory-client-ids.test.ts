import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS } from '../../../protocol';
import { createMemoryStore } from '../../../server/store/memory';
import type { MemoryQueueStore } from '../../../server/store/memory/queue';
import { clientSlot } from '../../../server/waiting-room/client-slot';

const T0 = Date.UTC(2021, 7, 9, 11, 0, 0);

describe('the memory store forgets client ids', () => {
  it('once their tickets are admitted, and once they expire, so a long night does not grow it forever', async () => {
    const store = createMemoryStore();
    const queue = store.queue as MemoryQueueStore;
    const base = await store.controls.get();
    await store.controls.set({ ...DEFAULT_CONTROLS, admissionRatePerSec: 100, maxActiveSessions: 1_000_000 }, base.version);

    const ids = Array.from({ length: 1000 }, () => randomBytes(16).toString('base64url'));
    for (const id of ids) await queue.join(clientSlot(id), T0, 3600);
    expect(queue.clientsRemembered).toBe(1000);

    await queue.tick({ now: T0, claimWindowMs: 120_000 });
    await queue.tick({ now: T0 + 4000, claimWindowMs: 120_000 });
    expect((await queue.counters()).head).toBe(400);
    expect(queue.clientsRemembered).toBe(600);
    // A client still waiting keeps its place; an admitted one's id is gone (a new join gets a new number).
    expect(await queue.join(clientSlot(ids[999]), T0 + 4000, 3600)).toEqual({ number: 1000, reused: true });
    expect(await queue.join(clientSlot(ids[0]), T0 + 4000, 3600)).toEqual({ number: 1001, reused: false });

    // An hour later every waiting ticket from the start has expired; only the last join is remembered.
    await queue.tick({ now: T0 + 3600_000 + 1000, claimWindowMs: 120_000 });
    expect(queue.clientsRemembered).toBe(1);
  });
});

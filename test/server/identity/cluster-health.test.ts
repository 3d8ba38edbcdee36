import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type ProviderId } from '../../../protocol';
import { ManualClock } from '../../../server/clock';
import { ClusterHealth } from '../../../server/identity/cluster-health';
import { DEFAULT_IDENTITY_CONFIG } from '../../../server/identity/identity-config';
import { ProviderClient } from '../../../server/identity/provider-client';
import { createMemoryStore } from '../../../server/store/memory';

function boardOn(store: ReturnType<typeof createMemoryStore>, clock: ManualClock, nodeId: string): ClusterHealth {
  const lanes = Object.fromEntries(
    PROVIDER_IDS.map((id) => [id, new ProviderClient(id, 'http://127.0.0.1:9', 1000, DEFAULT_IDENTITY_CONFIG.breaker)]),
  ) as Record<ProviderId, ProviderClient>;
  return new ClusterHealth(store.identity, clock, nodeId, 3, DEFAULT_IDENTITY_CONFIG.lights, lanes, () => true);
}

describe('health board', () => {
  it('splits a cluster-wide limit among live nodes and takes it back when a node goes quiet', async () => {
    const store = createMemoryStore();
    const clock = new ManualClock();
    const a = boardOn(store, clock, 'node-a');
    const b = boardOn(store, clock, 'node-b');
    expect(a.shareOf(5)).toBe(5);
    await a.flush();
    await b.flush();
    await a.refresh();
    await b.refresh();
    expect([a.shareOf(5), b.shareOf(5)]).toEqual([3, 2]);
    expect([a.shareOf(1), b.shareOf(1)]).toEqual([1, 0]);
    clock.advance(5000);
    await a.flush();
    await a.refresh();
    expect(a.shareOf(5)).toBe(5);
  });

  it('measures only the seconds inside the window', async () => {
    const store = createMemoryStore();
    const clock = new ManualClock();
    const board = boardOn(store, clock, 'node-a');
    for (let i = 0; i < 10; i++) board.record('kakao', 'error', 20);
    clock.advance(1000);
    await board.flush();
    expect((await board.refresh()).find((h) => h.id === 'kakao')).toMatchObject({ errors: 10, light: 'red' });
    clock.advance(3000);
    await board.flush();
    expect((await board.refresh()).find((h) => h.id === 'kakao')).toMatchObject({ errors: 0, light: 'green', successRate: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS, type NodeStatus, type Snapshot } from '../../../protocol';
import { emptyAlertState } from '../../../server/store/alert-state';
import { storeFactories } from '../../support/stores';

const T0 = 1_700_000_000_000;

function snapshot(at: number, depth = 0): Snapshot {
  return {
    at,
    mode: 'training',
    gate: 'open',
    concurrency: { waitingLive: 0, active: 0, total: 0 },
    queue: { depth, joinedPerSec: 0, admittedPerSec: 0, abandonedPerSec: 0, eta: null, head: 0, tail: depth, pending: 0, unclaimed: 0 },
    providers: [],
    booking: { bookedPerSec: 0, total: 0, seatsLeft: 0, failuresPerSec: 0, failures: {} },
    nodes: [],
    store: { kind: 'memory', up: true, latencyMs: 0 },
    controls: DEFAULT_CONTROLS,
    autopilot: { mode: 'off', leader: null, decidedAt: null, reason: null, lastChange: null },
    drill: { running: false, id: null, scenario: null, startedAt: null, scale: null },
  };
}

const node = (id: string, lastSeen: number): NodeStatus => ({ id, eventLoopLagMs: 1, memoryMb: 80, requestsPerSec: 5, sockets: 2, lastSeen });

for (const factory of storeFactories()) {
  describe(`console store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    it('keeps the latest report of each node and forgets a removed one', async () => {
      const store = await factory.open();
      await store.console.reportNode(node('a', T0));
      await store.console.reportNode(node('b', T0));
      await store.console.reportNode(node('a', T0 + 1000));
      await store.console.removeNode('b');
      expect(await store.console.nodes()).toEqual([node('a', T0 + 1000)]);
    });

    it('lets exactly one node claim a second', async () => {
      const store = await factory.open();
      const claims = await Promise.all(['a', 'b', 'c'].map((id) => store.console.claimSecond(T0, id)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.console.claimSecond(T0 + 1000, 'b')).toBe(true);
    });

    it('stores the first snapshot of a second, returns it to later writers, refuses older seconds', async () => {
      const store = await factory.open();
      expect(await store.console.putSnapshot(snapshot(T0, 1), 60_000)).toEqual({ snapshot: snapshot(T0, 1), won: true });
      expect(await store.console.putSnapshot(snapshot(T0, 99), 60_000)).toEqual({ snapshot: snapshot(T0, 1), won: false });
      await store.console.putSnapshot(snapshot(T0 + 2000, 3), 60_000);
      expect(await store.console.putSnapshot(snapshot(T0, 98), 60_000)).toEqual({ snapshot: snapshot(T0, 1), won: false });
      expect(await store.console.putSnapshot(snapshot(T0 + 1000, 2), 60_000)).toBeNull();
      expect((await store.console.snapshotsSince(T0 + 1)).map((s) => s.at)).toEqual([T0 + 2000]);
    });

    it('keeps about the asked history and answers snapshotsSince oldest first', async () => {
      const store = await factory.open();
      for (let i = 0; i < 300; i++) await store.console.putSnapshot(snapshot(T0 + i * 1000), 100_000);
      const kept = await store.console.snapshotsSince(T0 + 199_000);
      expect(kept.map((s) => s.at)).toEqual(Array.from({ length: 101 }, (_, i) => T0 + (199 + i) * 1000));
      // approximate trimming may keep a little more, never less than asked
      const all = await store.console.snapshotsSince(0);
      expect(all.length).toBeGreaterThanOrEqual(101);
      expect(all.length).toBeLessThan(300);
    });

    it('runs one drill at a time', async () => {
      const store = await factory.open();
      expect((await store.console.drill()).running).toBe(false);
      const drill = { running: true, id: 'd1', scenario: 'july-19', startedAt: T0, scale: 100 };
      expect(await store.console.startDrill(drill)).toBe(true);
      expect(await store.console.startDrill({ ...drill, id: 'd2' })).toBe(false);
      expect(await store.console.drill()).toEqual(drill);
      expect(await store.console.stopDrill()).toEqual(drill);
      expect(await store.console.stopDrill()).toBeNull();
      expect((await store.console.drill()).running).toBe(false);
    });

    it('saves the alert state and records only the first acknowledgement', async () => {
      const store = await factory.open();
      expect(await store.console.alertState()).toEqual(emptyAlertState());
      const state = { ...emptyAlertState(), pending: { eta_long: T0 }, depths: [[T0, 5]] as [number, number][] };
      await store.console.saveAlertState(state);
      expect(await store.console.alertState()).toEqual(state);
      expect(await store.console.ackAlert('eta_long@1', 'kim', T0)).toBe(true);
      expect(await store.console.ackAlert('eta_long@1', 'lee', T0 + 5)).toBe(false);
      expect(await store.console.alertAcks()).toEqual({ 'eta_long@1': { by: 'kim', at: T0 } });
    });
  });
}

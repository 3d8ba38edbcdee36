import { describe, expect, it } from 'vitest';
import { connectionStatus } from '../../../renderer/connection/connectionStatus';
import { LiveStore } from '../../../renderer/connection/liveStore';
import { Ring } from '../../../renderer/connection/ring';
import { craftSnapshot } from '../support/craftSnapshot';

describe('ring buffer', () => {
  it('keeps only the last N items, oldest first', () => {
    const ring = new Ring<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.last()).toBe(7);
  });
});

describe('live store', () => {
  it('never grows past its capacity however long the night', () => {
    const store = new LiveStore(Date.now, 900);
    for (let i = 0; i < 5000; i++) store.receiveSnapshot(craftSnapshot({ at: i * 1000 }));
    expect(store.samples.size).toBe(900);
    expect(store.samples.toArray()[0]?.at).toBe(4100 * 1000);
  });

  it('merges the history sent on (re)connect with what it holds, by time, without duplicates', () => {
    const store = new LiveStore();
    for (const at of [5000, 6000]) store.receiveSnapshot(craftSnapshot({ at }));
    store.receiveHistory([1000, 2000, 5000, 6000].map((at) => craftSnapshot({ at })));
    expect(store.samples.toArray().map((s) => s.at)).toEqual([1000, 2000, 5000, 6000]);
    store.receiveSnapshot(craftSnapshot({ at: 6000 }));
    expect(store.samples.size).toBe(4);
  });

  it('keeps alerts by id (an ack replaces the raised one) and the audit in time order', () => {
    const store = new LiveStore();
    const alert = {
      id: 'a1',
      rule: 'provider_red',
      subject: 'phone',
      severity: 'critical' as const,
      message: 'phone red',
      params: {},
      raisedAt: 1,
      resolvedAt: null,
      ackedBy: null,
      ackedAt: null,
      drill: false,
    };
    store.receiveAlerts([alert]);
    store.receiveAlerts([{ ...alert, ackedBy: 'commander', ackedAt: 2 }]);
    expect(store.getState().alerts).toHaveLength(1);
    expect(store.getState().alerts[0]?.ackedBy).toBe('commander');
    const entry = (id: string, at: number) => ({ id, at, kind: 'note' as const, actor: 'c', role: 'commander' as const, reason: null, text: id, drill: false });
    store.receiveAudit([entry('b', 20), entry('a', 10)]);
    store.receiveAudit([entry('b', 20)]);
    expect(store.getState().audit.map((e) => e.id)).toEqual(['a', 'b']);
  });
});

describe('connection status', () => {
  it('is live within 3 s of the last snapshot, stale after, reconnecting when the socket is down', () => {
    expect(connectionStatus({ link: 'connected', receivedAt: 1000, now: 4000 })).toEqual({ kind: 'live' });
    expect(connectionStatus({ link: 'connected', receivedAt: 1000, now: 4001 })).toEqual({ kind: 'stale', staleSec: 3 });
    expect(connectionStatus({ link: 'disconnected', receivedAt: 1000, now: 2000 })).toEqual({ kind: 'reconnecting', staleSec: 1 });
    expect(connectionStatus({ link: 'connecting', receivedAt: null, now: 2000 })).toEqual({ kind: 'connecting' });
  });
});

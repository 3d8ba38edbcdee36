import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AuditEntry } from '../../../protocol';
import { AlertEngine } from '../../../server/alerts/alert-engine';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../server/alerts/alert-thresholds';
import { AuditLog } from '../../../server/audit/audit-log';
import type { Store } from '../../../server/store';
import { createRedisStore } from '../../../server/store/redis';
import { StoreFaultProxy } from '../../../simulator/store-fault/store-fault-proxy';
import { RedisServer } from '../../support/redis-server';

/**
 * A node's own store-down alert is acknowledged like any other: while the store is really
 * unreachable (cut by the store fault proxy) and after it is back; the audit log gets raised,
 * acknowledged and resolved, each at the time it happened.
 */
let redis: RedisServer;
let proxy: StoreFaultProxy;
let store: Store;
let audit: AuditLog;
let engine: AlertEngine;
const commander = { username: 'cmd', role: 'commander' } as const;
const operator = { username: 'op', role: 'viewer' } as const;
const T0 = 1_800_000_000_000;

const nextLocal = () => new Promise<Alert>((resolve) => engine.once('localAlert', resolve));
const audited = (count: number) =>
  new Promise<AuditEntry[]>((resolve) => {
    const seen: AuditEntry[] = [];
    const onEntry = (entry: AuditEntry) => {
      seen.push(entry);
      if (seen.length === count) {
        audit.off('entry', onEntry);
        resolve(seen);
      }
    };
    audit.on('entry', onEntry);
  });

async function storeDown(at: number): Promise<Alert> {
  void proxy.cut(600);
  engine.storeReachable(false, at);
  const raised = nextLocal();
  engine.storeReachable(false, at + DEFAULT_ALERT_THRESHOLDS.storeDownSec * 1000);
  return raised;
}

async function storeBack(): Promise<void> {
  proxy.heal();
  // The store's own client reconnects: wait until a read goes through.
  for (;;) {
    try {
      await store.audit.since(0, 1);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

beforeAll(async () => {
  redis = await new RedisServer().start();
  proxy = new StoreFaultProxy({ host: '127.0.0.1', port: Number(new URL(redis.url).port) });
  const { port } = await proxy.listen();
  store = await createRedisStore(`redis://127.0.0.1:${port}`, `alerts${randomBytes(3).toString('hex')}`);
  audit = new AuditLog(store, { now: () => T0 + 60_000 });
  engine = new AlertEngine(store, audit, DEFAULT_ALERT_THRESHOLDS, 'node-a');
});
afterAll(async () => {
  await proxy.close();
  await store.close();
  await redis.stop();
});

describe("a node's store-down alert", () => {
  it('is acknowledged while the store is unreachable; the first acknowledgement stands; the audit log gets all three entries once it is back', async () => {
    const raised = await storeDown(T0);
    expect(raised).toMatchObject({ rule: 'store_down', subject: 'node-a', ackedBy: null, resolvedAt: null });
    // Really unreachable: nothing can be written now.
    await expect(store.audit.since(0, 1)).rejects.toThrow();

    const told = nextLocal();
    const first = await engine.ack(raised.id, commander, T0 + 5000);
    expect(first).toEqual({ ok: true, value: { ...raised, ackedBy: 'cmd', ackedAt: T0 + 5000 } });
    expect(await told).toEqual({ ...raised, ackedBy: 'cmd', ackedAt: T0 + 5000 });
    expect(await engine.ack(raised.id, operator, T0 + 6000)).toEqual(first);
    expect((await engine.list())[0]).toEqual({ ...raised, ackedBy: 'cmd', ackedAt: T0 + 5000 });

    await storeBack();
    const written = audited(3);
    const resolved = nextLocal();
    engine.storeReachable(true, T0 + 9000);
    expect(await resolved).toEqual({ ...raised, ackedBy: 'cmd', ackedAt: T0 + 5000, resolvedAt: T0 + 9000 });
    const entries = await written;
    expect(entries.map((e) => [e.kind, e.at, e.actor, e.ref])).toEqual([
      ['alert_raised', raised.raisedAt, null, raised.id],
      ['alert_acked', T0 + 5000, 'cmd', raised.id],
      ['alert_resolved', T0 + 9000, null, raised.id],
    ]);
    expect(entries[1]!.role).toBe('commander');
  });

  it('is acknowledged after the store is back (resolved, still recent), audited at once; an unknown id is refused', async () => {
    const raised = await storeDown(T0 + 100_000);
    await storeBack();
    const written = audited(2);
    engine.storeReachable(true, T0 + 110_000);
    await written;
    const entries: AuditEntry[] = [];
    audit.on('entry', (e) => entries.push(e));
    // Two at once: the first stands, one entry is written.
    const [answer, second] = await Promise.all([engine.ack(raised.id, operator, T0 + 111_000), engine.ack(raised.id, commander, T0 + 111_001)]);
    expect(answer).toEqual({ ok: true, value: { ...raised, resolvedAt: T0 + 110_000, ackedBy: 'op', ackedAt: T0 + 111_000 } });
    expect(second).toEqual(answer);
    expect(entries.map((e) => [e.kind, e.at, e.actor, e.ref])).toEqual([['alert_acked', T0 + 111_000, 'op', raised.id]]);
    expect(await engine.ack('store_down:node-a@1', operator, T0 + 112_000)).toMatchObject({ ok: false, code: 'unknown_alert' });
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../protocol';
import { ControlsService } from '../../server/control/controls-service';
import type { Store } from '../../server/store';
import { createRedisStore } from '../../server/store/redis';
import { runProgram, waitForOk, type RunningProgram } from '../support/processes';
import { freePort, RedisServer } from '../support/redis-server';

/**
 * Two server processes on one Redis, the autopilot climbing on a healthy system. The leading
 * process is killed (SIGKILL: no goodbye, its lease just stops being renewed); the other takes
 * over within a few seconds, and the audit log shows one writer at a time.
 */
const LEASE_MS = 1500;
let redis: RedisServer;
let store: Store;
const nodes = new Map<string, RunningProgram>();

beforeAll(async () => {
  redis = await new RedisServer().start();
  const prefix = `ap${randomBytes(3).toString('hex')}`;
  const shared = {
    SLUICE_MODE: 'training',
    REDIS_URL: redis.url,
    SLUICE_KEY_PREFIX: prefix,
    SLUICE_SECRET: randomBytes(32).toString('base64url'),
    SLUICE_DEMO_PASSWORD: `demo-${randomBytes(6).toString('hex')}`,
    PROVIDERS_URL: 'http://127.0.0.1:9',
    SLUICE_AUTOPILOT_LEASE_MS: String(LEASE_MS),
    SLUICE_AUTOPILOT_HEALTHY_SEC: '0',
    SLUICE_AUTOPILOT_CLIMB_EVERY_SEC: '1',
    SLUICE_AUTOPILOT_CLIMB_SHARE: '0.01',
  };
  for (const id of ['node-a', 'node-b']) {
    const port = await freePort();
    const program = runProgram('server/main.ts', { ...shared, PORT: String(port), SLUICE_NODE_ID: id });
    nodes.set(id, program);
    await waitForOk(`http://127.0.0.1:${port}/readyz`, program);
  }
  store = await createRedisStore(redis.url, prefix);
  const controls = new ControlsService(store, 0);
  await controls.start();
  const on = await controls.update(
    { admissionRatePerSec: 100, autoThrottle: { enabled: true, minRatePerSec: 100, maxRatePerSec: 1000 } },
    { actor: 'kim', role: 'commander', reason: 'autopilot on', at: Date.now(), drill: false },
  );
  expect(on.ok).toBe(true);
  controls.stop();
}, 90_000);
afterAll(async () => {
  for (const program of nodes.values()) program.kill();
  await store?.close();
  await redis?.stop();
});

async function autopilotChanges(): Promise<AuditEntry[]> {
  return (await store.audit.since(0, 10_000)).filter((e) => e.kind === 'controls' && e.actor === 'autopilot');
}

/** Polls the audit log until `done` holds (the autopilot acts about once a second). */
async function waitForChanges(done: (changes: AuditEntry[]) => boolean, timeoutMs: number): Promise<AuditEntry[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const changes = await autopilotChanges();
    if (done(changes)) return changes;
    if (Date.now() > deadline) throw new Error(`autopilot changes so far: ${JSON.stringify(changes.map((c) => c.params))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('autopilot leader failover', () => {
  it('another node takes over within a few seconds of the leader dying, and no two change the rate in the same second', async () => {
    const early = await waitForChanges((c) => c.length >= 3, 20_000);
    const leader = String(early.at(-1)!.params?.node);
    expect(early.every((c) => c.params?.node === leader)).toBe(true);
    const follower = [...nodes.keys()].find((id) => id !== leader)!;

    const killedAt = Date.now();
    nodes.get(leader)!.kill();
    await nodes.get(leader)!.exited;
    const after = await waitForChanges((c) => c.some((e) => e.params?.node === follower), 15_000);
    const takeover = after.find((e) => e.params?.node === follower)!;
    // The lease lapses after LEASE_MS; the next snapshot second then finds the new leader.
    expect(takeover.at - killedAt).toBeLessThan(LEASE_MS + 2500);

    const all = await waitForChanges((c) => c.filter((e) => e.params?.node === follower).length >= 3, 15_000);
    const seconds = all.map((e) => Math.floor(e.at / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
    // One writer at a time: every change starts from the rate the one before it set.
    for (let i = 1; i < all.length; i++) expect(all[i]!.params?.from).toBe(all[i - 1]!.params?.to);
    // Once the follower leads, the dead leader never appears again.
    const firstFollower = all.findIndex((e) => e.params?.node === follower);
    expect(all.slice(firstFollower).every((e) => e.params?.node === follower)).toBe(true);
    expect(all.every((e) => Number(e.params?.to) <= 1000 && Number(e.params?.to) >= 100)).toBe(true);
  }, 60_000);
});

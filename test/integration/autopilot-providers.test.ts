import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Snapshot } from '../../protocol';
import { ManualClock } from '../../server/clock';
import { DEFAULT_AIMD } from '../../server/control/autopilot/aimd';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { testConfig } from '../../server/config';
import { startNodes, stopNodes } from '../support/cluster';
import { admittedCitizens, fastIdentityConfig, newPerson, syncHealth, verifyAt } from '../server/identity/admitted-citizen';

/**
 * The autopilot against the provider simulator, over HTTP: a latency fault on two providers makes
 * it cut admission; once the fault is cleared and p95 is back under target, it climbs back to the
 * maximum. Time is a manual clock moved one second per step; the providers' latency is real.
 */
const BOUNDS = { enabled: true, minRatePerSec: 20, maxRatePerSec: 100 };
let sim: ProviderSimulator;
let app: FastifyInstance;
let clock: ManualClock;
let nextCitizen: () => string;

beforeAll(async () => {
  sim = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
  clock = new ManualClock();
  app = (
    await startNodes(
      1,
      {
        providersUrl: sim.url,
        identity: fastIdentityConfig(),
        joinsPerSecPerIp: 10_000,
        // The providers are what this test is about: a loaded test machine's event-loop lag must not speak.
        console: { ...testConfig().console, alerts: { ...testConfig().console.alerts, eventLoopLagMs: 60_000 } },
        autopilot: { leaseMs: 3000, aimd: { ...DEFAULT_AIMD, decreaseCooldownSec: 2, healthyBeforeIncreaseSec: 3, increaseShare: 0.2, increaseEverySec: 1 } },
      },
      { clock },
    )
  )[0]!;
  await app.controls.update({ admissionRatePerSec: 1000, maxActiveSessions: 1000 });
  nextCitizen = await admittedCitizens(app, clock, 200);
  const enabled = await app.controls.update(
    { admissionRatePerSec: 100, autoThrottle: BOUNDS },
    { actor: 'kim', role: 'commander', reason: 'autopilot on for the night', at: clock.now(), drill: false },
  );
  expect(enabled.ok).toBe(true);
});
afterAll(async () => {
  await stopNodes([app]);
  await sim?.close();
});

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim.url}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** One second: two verifications on each of the two faulted providers and one on another, then the snapshot and the autopilot's step. */
async function second(): Promise<Snapshot> {
  const calls = ['kakao', 'kakao', 'pass', 'pass', 'naver'].map((provider) => verifyAt(app, nextCitizen(), newPerson(provider)));
  // A slow provider may also time out (504) on a loaded machine: both are what the autopilot reads.
  for (const answer of await Promise.all(calls)) expect([200, 504]).toContain(answer.status);
  await syncHealth([app], clock);
  const snapshot = await app.consoleGateway.cycle.runOnce();
  if (!snapshot) throw new Error('no snapshot this second');
  await app.consoleGateway.autopilot.whenIdle();
  return snapshot;
}

async function autopilotChanges(): Promise<AuditEntry[]> {
  return (await app.store.audit.since(0, 1000)).filter((e) => e.kind === 'controls' && e.actor === 'autopilot');
}

describe('the autopilot follows the providers', () => {
  it('cuts admission while two providers are slow, then restores the rate after the fault clears, never leaving the bounds', async () => {
    await fault({ provider: 'kakao', kind: 'latency', latencyMs: 450 });
    await fault({ provider: 'pass', kind: 'latency', latencyMs: 450 });
    const rates: number[] = [];
    for (let s = 0; s < 8; s++) {
      await second();
      rates.push(app.controls.current.admissionRatePerSec);
    }
    // Cut by 0.7 on the first slow second, then every 2 s cooldown: 100 → 70 → 49 → 34.3 → 24.01 → 20 (the minimum).
    expect(Math.min(...rates)).toBeLessThanOrEqual(34.3);
    const cuts = await autopilotChanges();
    expect(cuts.length).toBeGreaterThanOrEqual(3);
    expect(cuts[0]).toMatchObject({ reason: expect.stringMatching(/^rate 100→70: (kakao|pass) (p95 \d+ ms > 300 ms target|red)$/), code: 'autopilot_rate' });
    const snap = await second();
    expect(snap.autopilot).toMatchObject({ leader: 'node-0', mode: expect.stringMatching(/backing_off|holding/) });

    expect((await fetch(`${sim.url}/faults`, { method: 'DELETE' })).status).toBe(200);
    let restored: Snapshot | undefined;
    for (let s = 0; s < 30 && app.controls.current.admissionRatePerSec < BOUNDS.maxRatePerSec; s++) restored = await second();
    expect(app.controls.current.admissionRatePerSec).toBe(100);
    // p95 back under the target before the first climb.
    const changes = await autopilotChanges();
    const climbs = changes.filter((e) => Number(e.params?.to) > Number(e.params?.from));
    expect(climbs.length).toBeGreaterThan(0);
    expect(climbs.every((e) => e.params?.cause === 'autopilot_healthy')).toBe(true);
    for (const e of changes) {
      const to = Number(e.params?.to);
      expect(to).toBeGreaterThanOrEqual(BOUNDS.minRatePerSec);
      expect(to).toBeLessThanOrEqual(BOUNDS.maxRatePerSec);
    }
    // Each change starts where the previous one ended: one writer, nothing lost.
    for (let i = 1; i < changes.length; i++) expect(changes[i]!.params?.from).toBe(changes[i - 1]!.params?.to);
    expect(restored?.providers.find((p) => p.id === 'kakao')?.p95Ms).toBeLessThan(300);
  });

  it('a commander’s manual change pauses it, and it stays paused under pressure until enabled again', async () => {
    const manual = await app.controls.update(
      { admissionRatePerSec: 55 },
      { actor: 'kim', role: 'commander', reason: 'holding at 55 by hand', at: clock.now(), drill: false },
    );
    expect(manual.ok && manual.value.after.autoThrottle).toEqual({ ...BOUNDS, enabled: false, pausedBy: 'kim', pausedAt: clock.now() });
    await fault({ provider: 'kakao', kind: 'latency', latencyMs: 450 });
    const before = (await autopilotChanges()).length;
    let snap: Snapshot | undefined;
    for (let s = 0; s < 4; s++) snap = await second();
    expect(app.controls.current.admissionRatePerSec).toBe(55);
    expect(await autopilotChanges()).toHaveLength(before);
    expect(snap?.autopilot).toMatchObject({ mode: 'paused', reason: { code: 'autopilot_paused', params: { by: 'kim' } } });

    await app.controls.update(
      { autoThrottle: { enabled: true } },
      { actor: 'kim', role: 'commander', reason: 'autopilot back on', at: clock.now(), drill: false },
    );
    await second();
    expect(app.controls.current.autoThrottle).toMatchObject({ enabled: true, pausedBy: null });
    expect(app.controls.current.admissionRatePerSec).toBeLessThan(55);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS, type NodeStatus, type ProviderHealth, type Snapshot } from '../../../protocol';
import { emptyAlertState, type AlertState } from '../../../server/store/alert-state';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../server/alerts/alert-thresholds';
import { evaluateAlerts } from '../../../server/alerts/evaluate';

const T0 = 1_700_000_000_000;

function snap(at: number, change: { depth?: number; phone?: ProviderHealth['light']; nodes?: NodeStatus[] } = {}): Snapshot {
  return {
    at,
    mode: 'training',
    gate: 'open',
    concurrency: { waitingLive: 0, active: 0, total: 0 },
    queue: { depth: change.depth ?? 0, joinedPerSec: 0, admittedPerSec: 0, abandonedPerSec: 0, eta: null, head: 0, tail: 0, pending: 0, unclaimed: 0 },
    providers: change.phone
      ? [
          {
            id: 'phone',
            light: change.phone,
            successRate: 1,
            p50Ms: 1,
            p95Ms: 1,
            requestsPerSec: 1,
            requests: 10,
            measured: true,
            timeouts: 0,
            errors: 0,
            inflight: 0,
            circuit: 'closed',
            windowSec: 10,
          },
        ]
      : [],
    booking: { bookedPerSec: 0, total: 0, seatsLeft: 0, failuresPerSec: 0, failures: {} },
    nodes: change.nodes ?? [],
    store: { kind: 'redis', up: true, latencyMs: 1 },
    controls: DEFAULT_CONTROLS,
    autopilot: { mode: 'off', leader: null, decidedAt: null, reason: null, lastChange: null },
    drill: { running: false, id: null, scenario: null, startedAt: null, scale: null },
  };
}

/** Runs the rules over one snapshot per second; returns the rule keys raised and resolved per second. */
function run(snapshots: Snapshot[], thresholds = DEFAULT_ALERT_THRESHOLDS) {
  let state: AlertState = emptyAlertState();
  return snapshots.map((s) => {
    const step = evaluateAlerts(state, s, thresholds);
    state = step.state;
    return { raised: step.raised.map((a) => a.rule), resolved: step.resolved.map((a) => a.rule) };
  });
}

describe('alert rules', () => {
  it('raises provider_red only after the light stayed red for the configured time, then resolves on green', () => {
    const lights: ProviderHealth['light'][] = ['red', 'red', 'red', 'red', 'green'];
    const steps = run(
      lights.map((phone, i) => snap(T0 + i * 1000, { phone })),
      { ...DEFAULT_ALERT_THRESHOLDS, providerRedSec: 3, resolveHoldSec: 0 },
    );
    expect(steps.map((s) => s.raised)).toEqual([[], [], [], ['provider_red'], []]);
    expect(steps[4]!.resolved).toEqual(['provider_red']);
  });

  it('keeps one alert when the condition blinks off for less than the hold time, and resolves it once after a longer clear', () => {
    // Raised at 2 s; clear for 2 s (hold 3 s) and red again: the same alert. Then clear from 6 s: resolved at 9 s, once.
    const lights: ProviderHealth['light'][] = ['red', 'red', 'red', 'green', 'green', 'red', 'green', 'green', 'green', 'green', 'green', 'red'];
    let state: AlertState = emptyAlertState();
    const t = { ...DEFAULT_ALERT_THRESHOLDS, providerRedSec: 2, resolveHoldSec: 3 };
    const ids: string[] = [];
    const resolvedAt: number[] = [];
    lights.forEach((phone, i) => {
      const step = evaluateAlerts(state, snap(T0 + i * 1000, { phone }), t);
      state = step.state;
      ids.push(...step.raised.map((a) => a.id));
      resolvedAt.push(...step.resolved.map((a) => (a.resolvedAt! - T0) / 1000));
    });
    expect(ids).toEqual([`provider_red:phone@${T0 + 2000}`]);
    expect(resolvedAt).toEqual([9]);
    // Red again after the resolution starts a new clock: not raised within its 2 s.
    expect(Object.keys(state.active)).toEqual([]);
    expect(state.pending).toEqual({ 'provider_red:phone': T0 + 11_000 });
  });

  it('reads an alert state stored before the hold existed (no clearing map)', () => {
    const old = { pending: { 'provider_red:phone': T0 }, active: {}, recent: [], depths: [] } as unknown as AlertState;
    const step = evaluateAlerts(old, snap(T0 + 1000, { phone: 'green' }), DEFAULT_ALERT_THRESHOLDS);
    expect(step.state.clearing).toEqual({});
    expect(step.state.pending).toEqual({});
  });

  it('starts the clock again when the condition breaks before its time', () => {
    const lights: ProviderHealth['light'][] = ['red', 'red', 'green', 'red', 'red', 'red'];
    const steps = run(
      lights.map((phone, i) => snap(T0 + i * 1000, { phone })),
      { ...DEFAULT_ALERT_THRESHOLDS, providerRedSec: 2 },
    );
    expect(steps.flatMap((s, i) => (s.raised.length ? [i] : []))).toEqual([5]);
  });

  it('raises queue_growing when the queue kept growing for the configured time', () => {
    const t = { ...DEFAULT_ALERT_THRESHOLDS, queueGrowingSec: 5, queueGrowthLookbackSec: 2, resolveHoldSec: 0 };
    const growing = Array.from({ length: 10 }, (_, i) => snap(T0 + i * 1000, { depth: 100 + i * 10 }));
    const draining = [snap(T0 + 10_000, { depth: 150 }), snap(T0 + 11_000, { depth: 120 })];
    const steps = run([...growing, ...draining], t);
    expect(steps.flatMap((s, i) => (s.raised.includes('queue_growing') ? [i] : []))).toEqual([7]);
    expect(steps.flatMap((s, i) => (s.resolved.includes('queue_growing') ? [i] : []))).toEqual([10]);
  });

  it('raises node_silent for a node that stopped reporting and event_loop_lag for a slow one', () => {
    const node = (id: string, lastSeen: number, lag = 1): NodeStatus => ({ id, eventLoopLagMs: lag, memoryMb: 1, requestsPerSec: 0, sockets: 0, lastSeen });
    const t = { ...DEFAULT_ALERT_THRESHOLDS, nodeSilentSec: 5, eventLoopLagMs: 100, eventLoopLagSec: 1 };
    const steps = run(
      [0, 1, 2].map((i) => snap(T0 + 10_000 + i * 1000, { nodes: [node('a', T0 + 10_000 + i * 1000, 500), node('b', T0)] })),
      t,
    );
    expect(steps[0]!.raised).toEqual(['node_silent']);
    expect(steps[1]!.raised).toEqual(['event_loop_lag']);
  });
});

import { DEFAULT_CONTROLS, PROVIDER_IDS, type ProviderHealth, type Snapshot } from '../../../protocol';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

export function craftProvider(id: (typeof PROVIDER_IDS)[number], over: Partial<ProviderHealth> = {}): ProviderHealth {
  return {
    id,
    light: 'green',
    successRate: 0.99,
    p50Ms: 120,
    p95Ms: 480,
    requestsPerSec: 40,
    requests: 1200,
    measured: true,
    timeouts: 0,
    errors: 0,
    inflight: 12,
    circuit: 'closed',
    windowSec: 30,
    ...over,
  };
}

/** A plausible second of the night at 20:05 KST; override what the test is about. */
export function craftSnapshot(over: DeepPartial<Snapshot> = {}): Snapshot {
  const at = over.at ?? Date.UTC(2021, 7, 9, 11, 5, 0);
  const base: Snapshot = {
    at,
    mode: 'live',
    gate: 'open',
    concurrency: { waitingLive: 184_320, active: 9_800, total: 194_120 },
    queue: {
      depth: 201_500,
      joinedPerSec: 820,
      admittedPerSec: 97,
      abandonedPerSec: 12,
      eta: { minSec: 1800, maxSec: 2400 },
      head: 10_000,
      tail: 211_500,
      pending: 120,
      unclaimed: 40,
    },
    providers: PROVIDER_IDS.map((id) => craftProvider(id)),
    booking: { bookedPerSec: 85, total: 312_000, seatsLeft: 1_234_567, failuresPerSec: 1.5, failures: {} },
    nodes: [{ id: 'node-a', eventLoopLagMs: 3, memoryMb: 180, requestsPerSec: 4200, sockets: 3, lastSeen: at - 400 }],
    store: { kind: 'redis', up: true, latencyMs: 0.8 },
    controls: structuredClone(DEFAULT_CONTROLS),
    autopilot: { mode: 'off', leader: null, decidedAt: null, reason: null, lastChange: null },
    drill: { running: false, id: null, scenario: null, startedAt: null, scale: null },
  };
  return {
    ...base,
    ...over,
    concurrency: { ...base.concurrency, ...over.concurrency },
    queue: { ...base.queue, ...over.queue },
    booking: { ...base.booking, ...over.booking } as Snapshot['booking'],
    store: { ...base.store, ...over.store },
    controls: { ...base.controls, ...over.controls } as Snapshot['controls'],
    autopilot: { ...base.autopilot, ...over.autopilot },
    drill: { ...base.drill, ...over.drill },
    providers: over.providers ?? base.providers,
    nodes: over.nodes ?? base.nodes,
  };
}

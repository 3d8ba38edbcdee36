import { DEFAULT_CONTROLS, PROVIDER_IDS, type ProviderHealth, type Snapshot } from '../../protocol';

/** A deterministic, busy night: every series moves every second, as in a surge. */
export function benchSnapshot(at: number, i: number): Snapshot {
  const wave = (period: number, phase = 0) => Math.sin((i / period) * 2 * Math.PI + phase);
  const noise = (seed: number) => {
    const x = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
    return x - Math.floor(x);
  };
  const depth = Math.round(180_000 + 60_000 * wave(600) + 4_000 * noise(1));
  const providers: ProviderHealth[] = PROVIDER_IDS.map((id, k) => {
    const p95 = 400 + 300 * k + 250 * wave(120, k) + 200 * noise(k + 2);
    const light = p95 > 1800 ? 'red' : p95 > 1200 ? 'yellow' : 'green';
    return {
      id,
      light,
      successRate: Math.min(1, 0.9 + 0.1 * noise(k + 9)),
      p50Ms: p95 / 3,
      p95Ms: p95,
      requestsPerSec: 30 + 10 * noise(k),
      requests: 900,
      measured: true,
      timeouts: Math.round(3 * noise(k + 4)),
      errors: Math.round(5 * noise(k + 5)),
      inflight: Math.round(80 + 60 * noise(k + 6)),
      circuit: light === 'red' ? 'open' : 'closed',
      windowSec: 30,
    };
  });
  return {
    at,
    mode: 'training',
    gate: 'open',
    concurrency: { waitingLive: depth - 2000, active: 9_000 + Math.round(500 * wave(90)), total: depth + 7_000 },
    queue: {
      depth,
      joinedPerSec: 900 + 300 * wave(300) + 50 * noise(7),
      admittedPerSec: 100 + 10 * noise(8),
      abandonedPerSec: 20 + 10 * noise(9),
      eta: { minSec: depth / 110, maxSec: depth / 90 },
      head: 50_000 + i * 100,
      tail: 50_000 + i * 100 + depth,
      pending: 300,
      unclaimed: i,
    },
    providers,
    booking: {
      bookedPerSec: 80 + 20 * noise(10),
      total: 300_000 + i * 80,
      seatsLeft: 2_000_000 - i * 80,
      failuresPerSec: 2 * noise(11),
      failures: { sold_out: 3 },
    },
    nodes: ['node-a', 'node-b', 'node-c'].map((id, k) => ({
      id,
      eventLoopLagMs: 2 + 5 * noise(k + 20),
      memoryMb: 200,
      requestsPerSec: 5000 + 800 * noise(k),
      sockets: 2,
      lastSeen: at - 300,
    })),
    store: { kind: 'redis', up: true, latencyMs: 0.7 },
    controls: DEFAULT_CONTROLS,
    autopilot: { mode: 'off', leader: null, decidedAt: null, reason: null, lastChange: null },
    drill: { running: true, id: 'bench', scenario: 'bench-surge', startedAt: at - i * 1000, scale: 100 },
  };
}

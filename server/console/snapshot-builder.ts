import type { FastifyInstance } from 'fastify';
import { estimateEta, liveFromSample, NO_DRILL, type DrillState, type NodeStatus, type Snapshot } from '../../protocol';

/** A node report older than this is dropped from snapshots (and from the store). */
export const NODE_FORGET_MS = 5 * 60_000;

const round2 = (n: number) => Math.round(n * 100) / 100;

function perSec(now: number, before: number | undefined, dtSec: number): number {
  if (before === undefined || dtSec <= 0) return 0;
  return round2(Math.max(0, now - before) / dtSec);
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}

export interface SnapshotInputs {
  at: number;
  /** The previous second's snapshot, for per-second rates from cumulative counters. */
  previous: Snapshot | undefined;
  /** Used when the store cannot be read. */
  lastDrill: DrillState;
  nodes: NodeStatus[] | null;
}

/**
 * One second of the whole cluster. Cumulative numbers come from the store (the same for every
 * node); rates are deltas against the previous stored snapshot. Any source that fails leaves
 * this node's last known value and `store.up = false`.
 */
export async function buildSnapshot(app: FastifyInstance, inputs: SnapshotInputs): Promise<Snapshot> {
  const { store, waitingRoom, config } = app;
  const { at, previous } = inputs;
  const [latency, counters, waitingLive, heartbeats, controls, drill, providers, booking] = await Promise.all([
    store.ping().catch(() => null),
    store.queue.counters().catch(() => waitingRoom.lastCounters),
    waitingRoom.countLive().catch(() => previous?.concurrency.waitingLive ?? 0),
    waitingRoom.countHeartbeats().catch(() => previous?.concurrency.waitingLiveEstimate?.sampled ?? 0),
    store.controls.get().then(
      (s) => s.controls,
      () => app.controls.current,
    ),
    store.console.drill().catch(() => inputs.lastDrill ?? NO_DRILL),
    Promise.resolve(app.identity.health()),
    app.booking.stats().catch(() => null),
  ]);
  const dtSec = previous && at - previous.at <= 10_000 ? (at - previous.at) / 1000 : 0;
  const depth = Math.max(0, counters.tail - counters.head);
  const estimate = liveFromSample(heartbeats, config.heartbeatSampleEvery);
  const bookedTotal = booking?.bookedTotal ?? previous?.booking.total ?? 0;
  const failures = booking?.failures ?? previous?.booking.failures ?? {};
  const nodes = (inputs.nodes ?? []).filter((n) => at - n.lastSeen <= NODE_FORGET_MS).sort((a, b) => a.id.localeCompare(b.id));
  return {
    at,
    mode: config.mode,
    gate: controls.gate,
    concurrency: {
      waitingLive,
      active: counters.active,
      total: waitingLive + estimate.value + counters.active + counters.pending,
      waitingLiveEstimate: estimate,
    },
    queue: {
      depth,
      joinedPerSec: perSec(counters.tail, previous?.queue.tail, dtSec),
      admittedPerSec: perSec(counters.head, previous?.queue.head, dtSec),
      abandonedPerSec: perSec(counters.unclaimed, previous?.queue.unclaimed, dtSec),
      eta: estimateEta(depth, controls.admissionRatePerSec, waitingRoom.observedRatePerSec()),
      head: counters.head,
      tail: counters.tail,
      pending: counters.pending,
      unclaimed: counters.unclaimed,
    },
    providers,
    booking: {
      bookedPerSec: perSec(bookedTotal, previous?.booking.total, dtSec),
      total: bookedTotal,
      seatsLeft: booking?.seatsLeft ?? previous?.booking.seatsLeft ?? 0,
      failuresPerSec: perSec(sum(failures), previous ? sum(previous.booking.failures) : undefined, dtSec),
      failures,
    },
    nodes,
    store: { kind: store.kind, up: latency !== null, latencyMs: latency === null ? null : round2(latency) },
    controls,
    drill,
  };
}

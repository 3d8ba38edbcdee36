import Type, { type Static } from 'typebox';
import { ControlsSchema, GateSchema } from './controls';
import { ProviderHealthSchema } from './providers';
import { EtaSchema } from './queue';

const Num = Type.Number();
const NullableNum = Type.Union([Type.Number(), Type.Null()]);

export const NodeStatusSchema = Type.Object({
  id: Type.String(),
  eventLoopLagMs: Num,
  memoryMb: Num,
  requestsPerSec: Num,
  sockets: Type.Integer(),
  lastSeen: Num,
});
export type NodeStatus = Static<typeof NodeStatusSchema>;

export const DrillStateSchema = Type.Object({
  running: Type.Boolean(),
  id: Type.Union([Type.String(), Type.Null()]),
  scenario: Type.Union([Type.String(), Type.Null()]),
  startedAt: NullableNum,
  /** Declared scaling, e.g. 100 for 1:100; shown as a badge. */
  scale: NullableNum,
});
export type DrillState = Static<typeof DrillStateSchema>;

/** One second of the whole cluster, the same on every node. */
export const SnapshotSchema = Type.Object({
  at: Num,
  mode: Type.Union([Type.Literal('training'), Type.Literal('live')]),
  gate: GateSchema,
  concurrency: Type.Object({
    /** Waiting citizens who polled `GET /queue/status` lately (counted, not sampled). */
    waitingLive: Num,
    active: Num,
    /** In `total`. */
    total: Num,
    /**
     * Waiting citizens who follow the cached queue state, estimated from the sampled heartbeats
     * (protocol/heartbeat-sample.ts): `value` with its 95 % range. Counted in `total` besides `waitingLive`.
     */
    waitingLiveEstimate: Type.Optional(Type.Object({ value: Num, low: Num, high: Num, sampled: Num, sampleEvery: Num })),
  }),
  queue: Type.Object({
    depth: Num,
    joinedPerSec: Num,
    admittedPerSec: Num,
    abandonedPerSec: Num,
    /** ETA of the last in line. */
    eta: EtaSchema,
    head: Num,
    tail: Num,
    /** Admitted, not yet claimed. */
    pending: Num,
    /** Cumulative: admissions never claimed in time (abandonedPerSec is its rate). */
    unclaimed: Num,
  }),
  providers: Type.Array(ProviderHealthSchema),
  booking: Type.Object({
    bookedPerSec: Num,
    total: Num,
    seatsLeft: Num,
    failuresPerSec: Num,
    failures: Type.Record(Type.String(), Num),
  }),
  nodes: Type.Array(NodeStatusSchema),
  store: Type.Object({
    kind: Type.Union([Type.Literal('memory'), Type.Literal('redis')]),
    up: Type.Boolean(),
    latencyMs: NullableNum,
  }),
  controls: ControlsSchema,
  drill: DrillStateSchema,
});
export type Snapshot = Static<typeof SnapshotSchema>;

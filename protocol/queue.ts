import Type, { type Static } from 'typebox';
import { GateSchema } from './controls';

export const EtaSchema = Type.Union([Type.Object({ minSec: Type.Number(), maxSec: Type.Number() }), Type.Null()]);
export type Eta = Static<typeof EtaSchema>;

export const JoinBody = Type.Object(
  {
    /** A random id of at least 128 bits (32 hex or 22 base64url characters): whoever knows it gets this place back. */
    clientId: Type.Optional(Type.String({ minLength: 22, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export type JoinBody = Static<typeof JoinBody>;

export const JoinReply = Type.Object({
  ticket: Type.String(),
  number: Type.Integer(),
  position: Type.Integer(),
  eta: EtaSchema,
  pollAfterMs: Type.Integer(),
  gate: GateSchema,
  /** Where a waiting client follows the queue from now on (`GET /api/v1/queue/state`, cacheable); `pollAfterMs` applies to it. */
  stateUrl: Type.Optional(Type.String()),
});
export type JoinReply = Static<typeof JoinReply>;

export const StatusReply = Type.Union([
  Type.Object({
    state: Type.Literal('waiting'),
    number: Type.Integer(),
    position: Type.Integer(),
    eta: EtaSchema,
    pollAfterMs: Type.Integer(),
    gate: GateSchema,
    /** Follow `GET /api/v1/queue/state` instead of polling here; come back only once `number <= head`. */
    stateUrl: Type.Optional(Type.String()),
  }),
  Type.Object({ state: Type.Literal('admitted'), accessToken: Type.String(), expiresAt: Type.Number() }),
  Type.Object({ state: Type.Literal('expired'), message: Type.String() }),
]);
export type StatusReply = Static<typeof StatusReply>;

/** A short message from the situation room to every citizen page (issue 17), carried by the queue state. */
export const NoticeSchema = Type.Object({
  id: Type.String(),
  severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
  text: Type.Object({ ko: Type.String({ minLength: 1, maxLength: 280 }), en: Type.String({ minLength: 1, maxLength: 280 }) }),
  postedAt: Type.Number(),
  expiresAt: Type.Number(),
});
export type Notice = Static<typeof NoticeSchema>;

/**
 * `GET /api/v1/queue/state`: public, the same for every citizen, cacheable for at most a second.
 * A waiting client computes its position (`number - head`) and ETA range from it and its own
 * ticket number, and calls `GET /queue/status` only once `number <= head` to claim its turn.
 * Fields may be added (additive only); the ETA inputs mirror what the server's own estimate uses.
 */
export const QueueStateReply = Type.Object({
  head: Type.Integer(),
  tail: Type.Integer(),
  gate: GateSchema,
  /** The commander's set rate. */
  admissionRatePerSec: Type.Number(),
  /** Admissions per second actually achieved lately (null: not enough history yet). */
  observedRatePerSec: Type.Union([Type.Number(), Type.Null()]),
  /** Seconds an admitted citizen has to claim the turn before it lapses. */
  claimWindowSec: Type.Integer(),
  /** ms since the epoch, the server's clock when this state was built (clients correct their own clock by it). */
  serverTime: Type.Number(),
  /** ms since the epoch, when `head` last changed. */
  updatedAt: Type.Number(),
  /** Fetch the state again after this long at the earliest (a client far back stretches it). */
  refreshAfterMs: Type.Integer(),
  /** Notices from the situation room that have not expired, newest first. */
  notices: Type.Array(NoticeSchema),
  /**
   * Liveness by sample: a ticket whose number is a multiple of `sampleEvery` sends
   * `POST /api/v1/queue/heartbeat` every `intervalSec` while it waits (see protocol/heartbeat-sample.ts).
   */
  heartbeat: Type.Optional(Type.Object({ sampleEvery: Type.Integer({ minimum: 1 }), intervalSec: Type.Integer({ minimum: 1 }) })),
});
export type QueueStateReply = Static<typeof QueueStateReply>;

/** `POST /api/v1/queue/heartbeat`: whether this ticket is in the liveness sample (only those are counted) and when to beat again. */
export const HeartbeatReply = Type.Object({
  counted: Type.Boolean(),
  heartbeatAfterMs: Type.Integer(),
});
export type HeartbeatReply = Static<typeof HeartbeatReply>;

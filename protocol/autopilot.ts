import Type, { type Static } from 'typebox';

/**
 * What the auto-throttle (the autopilot) is doing now, as the leading node last published it.
 * `off`: disabled; `paused`: a commander's manual change took over; `holding`: healthy or waiting
 * out a cooldown; `backing_off`: it just cut the rate; `climbing`: it just raised it.
 */
export const AutopilotModeSchema = Type.Union([
  Type.Literal('off'),
  Type.Literal('paused'),
  Type.Literal('holding'),
  Type.Literal('backing_off'),
  Type.Literal('climbing'),
]);
export type AutopilotMode = Static<typeof AutopilotModeSchema>;

/** Why: a message code with its parameters (formatted by each console in its language) and the English text. */
export const AutopilotReasonSchema = Type.Object({
  code: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  text: Type.String(),
});
export type AutopilotReason = Static<typeof AutopilotReasonSchema>;

export const AutopilotStatusSchema = Type.Object({
  mode: AutopilotModeSchema,
  /** The node holding the lease, or null when no node leads (disabled, or the leader just died). */
  leader: Type.Union([Type.String(), Type.Null()]),
  /** When the leader last looked (ms since the epoch). */
  decidedAt: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.Union([AutopilotReasonSchema, Type.Null()]),
  /** Its last change of the rate. */
  lastChange: Type.Union([Type.Object({ at: Type.Number(), from: Type.Number(), to: Type.Number() }), Type.Null()]),
});
export type AutopilotStatus = Static<typeof AutopilotStatusSchema>;

export const AUTOPILOT_IDLE: AutopilotStatus = Object.freeze({ mode: 'off', leader: null, decidedAt: null, reason: null, lastChange: null });

import Type, { type Static } from 'typebox';
import { ControlsPatchSchema, ControlsSchema } from './controls';
import { DrillStateSchema, type Snapshot } from './snapshot';

export const RoleSchema = Type.Union([
  Type.Literal('viewer'),
  Type.Literal('commander'),
  Type.Literal('trainer'),
  Type.Literal('admin'),
]);
export type Role = Static<typeof RoleSchema>;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const LoginReply = Type.Object({ token: Type.String(), role: RoleSchema, expiresAt: Type.Number() });
export type LoginReply = Static<typeof LoginReply>;

export const AlertSeveritySchema = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]);

export const AlertSchema = Type.Object({
  id: Type.String(),
  rule: Type.String(),
  severity: AlertSeveritySchema,
  message: Type.String(),
  raisedAt: Type.Number(),
  resolvedAt: Type.Union([Type.Number(), Type.Null()]),
  ackedBy: Type.Union([Type.String(), Type.Null()]),
  ackedAt: Type.Union([Type.Number(), Type.Null()]),
  drill: Type.Boolean(),
});
export type Alert = Static<typeof AlertSchema>;

export const AuditKindSchema = Type.Union([
  Type.Literal('controls'),
  Type.Literal('controls_denied'),
  Type.Literal('alert_raised'),
  Type.Literal('alert_acked'),
  Type.Literal('alert_resolved'),
  Type.Literal('note'),
  Type.Literal('drill_started'),
  Type.Literal('drill_stopped'),
  Type.Literal('login'),
]);
export type AuditKind = Static<typeof AuditKindSchema>;

/** One line of the durable audit log and incident timeline. */
export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.Number(),
  kind: AuditKindSchema,
  actor: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([RoleSchema, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
  text: Type.Optional(Type.String()),
  drill: Type.Boolean(),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const ControlsUpdatePayload = Type.Object(
  { patch: ControlsPatchSchema, reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);
export type ControlsUpdatePayload = Static<typeof ControlsUpdatePayload>;

export const AlertAckPayload = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export type AlertAckPayload = Static<typeof AlertAckPayload>;

export const IncidentNotePayload = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type IncidentNotePayload = Static<typeof IncidentNotePayload>;

export const DrillStartPayload = Type.Object(
  {
    scenario: Type.String({ minLength: 1, maxLength: 128 }),
    scale: Type.Optional(Type.Number({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type DrillStartPayload = Static<typeof DrillStartPayload>;

export const DrillStopPayload = Type.Object({}, { additionalProperties: false });

export type Ack = { ok: true } | { ok: false; error: string; message?: string };
export type AckFn = (ack: Ack) => void;

export const ControlsEventSchema = Type.Object({ controls: ControlsSchema, version: Type.Integer() });
export type DrillEvent = Static<typeof DrillStateSchema>;

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  history: (history: { snapshots: Snapshot[] }) => void;
  controls: (event: Static<typeof ControlsEventSchema>) => void;
  audit: (entry: AuditEntry) => void;
  alert: (alert: Alert) => void;
  alerts: (alerts: Alert[]) => void;
  drill: (drill: DrillEvent) => void;
}

export interface ClientToServerEvents {
  'controls:update': (payload: ControlsUpdatePayload, ack: AckFn) => void;
  'alert:ack': (payload: AlertAckPayload, ack: AckFn) => void;
  'incident:note': (payload: IncidentNotePayload, ack: AckFn) => void;
  'drill:start': (payload: DrillStartPayload, ack: AckFn) => void;
  'drill:stop': (payload: Record<string, never>, ack: AckFn) => void;
}

export interface ConsoleSocketData {
  username: string;
  role: Role;
}

import Type, { type Static } from 'typebox';
import { ControlsPatchSchema, ControlsSchema } from './controls';
import type { ErrorCode } from './errors';
import { RoleSchema, type Role } from './roles';
import type { DrillReportSummary } from './drill';
import { DrillStateSchema, type DrillState, type Snapshot } from './snapshot';
import { NoticeSchema, type Notice } from './queue';
import { HistoryRangePayload } from './trend';

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

/** What a message needs besides its code, e.g. `{ provider: 'kakao', sec: 10 }`: each console formats it in its own language. */
export const MessageParamsSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
export type MessageParams = Static<typeof MessageParamsSchema>;

export const AlertSchema = Type.Object({
  id: Type.String(),
  rule: Type.String(),
  /** What the rule fired for (a provider id, a node id), or null for cluster-wide rules. */
  subject: Type.Union([Type.String(), Type.Null()]),
  severity: AlertSeveritySchema,
  /** English, for logs and old consoles; consoles format `rule` with `params` in their language. */
  message: Type.String(),
  params: MessageParamsSchema,
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
  Type.Literal('notice_posted'),
  Type.Literal('notice_cleared'),
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
  /** English, for logs; `code` with `params` is what consoles format (alert entries: the alert's rule). */
  text: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  params: Type.Optional(MessageParamsSchema),
  /** The alert an alert_* entry is about. */
  ref: Type.Optional(Type.String()),
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

export const IncidentNotePayload = Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type IncidentNotePayload = Static<typeof IncidentNotePayload>;

export const DrillStartPayload = Type.Object(
  {
    scenario: Type.String({ minLength: 1, maxLength: 128 }),
    scale: Type.Optional(Type.Number({ minimum: 1, maximum: 1_000_000 })),
    timeFactor: Type.Optional(Type.Number({ minimum: 0.01, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type DrillStartPayload = Static<typeof DrillStartPayload>;

export const DrillStopPayload = Type.Object({}, { additionalProperties: false });
export type DrillStopPayload = Static<typeof DrillStopPayload>;

export const NoticePostPayload = Type.Object(
  {
    severity: NoticeSchema.properties.severity,
    text: NoticeSchema.properties.text,
    /** How long citizens see it (at most a day). */
    expiresInMin: Type.Integer({ minimum: 1, maximum: 1440 }),
    reason: Type.String({ minLength: 3, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type NoticePostPayload = Static<typeof NoticePostPayload>;

export const NoticeClearPayload = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);
export type NoticeClearPayload = Static<typeof NoticeClearPayload>;

/**
 * Each console command's payload schema. `ClientToServerEvents` is derived from it and the
 * gateway checks every payload against it, so the type and the runtime check cannot drift.
 */
export const COMMAND_PAYLOADS = {
  'controls:update': ControlsUpdatePayload,
  'alert:ack': AlertAckPayload,
  'incident:note': IncidentNotePayload,
  'drill:start': DrillStartPayload,
  'drill:stop': DrillStopPayload,
  'history:range': HistoryRangePayload,
  'notice:post': NoticePostPayload,
  'notice:clear': NoticeClearPayload,
};

export type CommandEvent = keyof typeof COMMAND_PAYLOADS;
export type CommandPayload<E extends CommandEvent> = Static<(typeof COMMAND_PAYLOADS)[E]>;

/** Why a console command was refused: the `error` of a `{ ok: false }` ack. */
export type ConsoleErrorCode = Extract<
  ErrorCode,
  | 'bad_request'
  | 'forbidden'
  | 'invalid_controls'
  | 'conflict'
  | 'not_training'
  | 'drill_running'
  | 'no_drill'
  | 'unknown_scenario'
  | 'no_runner'
  | 'unknown_alert'
  | 'unknown_notice'
  | 'rate_limited'
  | 'invalid_token'
  | 'store_unavailable'
  | 'internal'
>;

/** `value` only on commands that answer something (`history:range`). */
export type Ack = { ok: true; value?: unknown } | { ok: false; error: ConsoleErrorCode; message: string };
export type AckFn = (ack: Ack) => void;

export const ControlsEventSchema = Type.Object({ controls: ControlsSchema, version: Type.Integer() });
export type DrillEvent = Static<typeof DrillStateSchema>;

/** The drill state when none runs: what a fresh store answers and what `drill:stop` broadcasts. */
export const NO_DRILL: DrillState = Object.freeze({ running: false, id: null, scenario: null, startedAt: null, scale: null });

/** Sent on connect: the last 15 minutes at 1 s, oldest first. */
export interface HistoryPayload {
  snapshots: Snapshot[];
}

/** 3000-01-01T00:00:00Z in ms: the latest `since` the audit query takes. */
export const AUDIT_SINCE_MAX = 32_503_680_000_000;

export const AuditQuery = Type.Object(
  {
    /** ms since the epoch; entries at or after it (up to the year 3000: a larger number is no time). */
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: AUDIT_SINCE_MAX })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('md')])),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditReply = Type.Object({ entries: Type.Array(AuditEntrySchema) });
export type AuditReply = Static<typeof AuditReply>;

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  history: (history: HistoryPayload) => void;
  controls: (event: Static<typeof ControlsEventSchema>) => void;
  audit: (entry: AuditEntry) => void;
  /** Raised, acknowledged or resolved. */
  alert: (alert: Alert) => void;
  /** On connect: the active alerts and the recently resolved ones. */
  alerts: (alerts: Alert[]) => void;
  drill: (drill: DrillEvent) => void;
  /** A drill's report was stored (the console's report list refreshes). */
  drillReport: (report: DrillReportSummary) => void;
  /** On connect and after every post or clear: the notices citizens see now, newest first. */
  notices: (notices: Notice[]) => void;
}

/** Console -> server: every command carries its payload and an ack callback. */
export type ClientToServerEvents = { [E in CommandEvent]: (payload: CommandPayload<E>, ack: AckFn) => void };

export interface ConsoleSocketData {
  username: string;
  role: Role;
  /** The operator record's version the token was issued at (checked again on every command). */
  version: number;
}

import Type, { type Static } from 'typebox';

/**
 * The drill contract between the server and the simulator's drill runner (issue 10).
 * The runner is a Socket.IO client of the server with a service credential of its own
 * (role `simulator`); the server relays a trainer's `drill:start` / `drill:stop` to it and
 * never imports simulator code. Fields may be added (additive only).
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** `POST /api/v1/service/token` body: the runner's shared key (`SLUICE_SIMULATOR_KEY`), never a human login. */
export const ServiceTokenBody = Type.Object({ key: Type.String({ minLength: 16, maxLength: 256 }) }, { additionalProperties: false });
export type ServiceTokenBody = Static<typeof ServiceTokenBody>;

export const ServiceTokenReply = Type.Object({ token: Type.String(), role: Type.Literal('simulator'), expiresAt: Type.Number() });
export type ServiceTokenReply = Static<typeof ServiceTokenReply>;

/** What the runner advertises of each scenario it can run: the console's picker shows these. */
export const ScenarioSummarySchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  /** Simulated seconds the scenario covers. */
  durationSec: Type.Number(),
  /** Declared scaling (100 = 1:100) and time factor (60 = one real second is a simulated minute). */
  scale: Type.Number(),
  timeFactor: Type.Number(),
  /** Real seconds the drill will take at the declared time factor. */
  wallSec: Type.Number(),
});
export type ScenarioSummary = Static<typeof ScenarioSummarySchema>;

export const CrowdCountsSchema = Type.Object({
  active: Type.Integer(),
  joined: Type.Integer(),
  admitted: Type.Integer(),
  verified: Type.Integer(),
  booked: Type.Integer(),
  abandoned: Type.Integer(),
  errors: Type.Integer(),
});
export type CrowdCounts = Static<typeof CrowdCountsSchema>;

/** A fault on the scenario's timeline, as the trainer (and only the trainer) sees it coming. */
export const PlannedFaultSchema = Type.Object({
  atSec: Type.Number(),
  kind: Type.String(),
  provider: Nullable(Type.String()),
  durationSec: Nullable(Type.Number()),
});
export type PlannedFault = Static<typeof PlannedFaultSchema>;

/** The runner's progress, about once a second while a drill runs. */
export const DrillProgressSchema = Type.Object({
  drillId: Type.String(),
  scenario: Type.String(),
  phase: Type.String(),
  /** Real seconds since the drill started, and simulated seconds since the scenario's start. */
  elapsedSec: Type.Number(),
  simulatedSec: Type.Number(),
  durationSec: Type.Number(),
  /** Simulated wall-clock time in KST, e.g. "2021-08-09T20:03:10+09:00". */
  simulatedTime: Type.String(),
  crowd: CrowdCountsSchema,
  nextFault: Nullable(PlannedFaultSchema),
});
export type DrillProgress = Static<typeof DrillProgressSchema>;

export const ReportEventSchema = Type.Object({
  /** Seconds since the drill started (real time). */
  atSec: Type.Number(),
  kind: Type.Union([
    Type.Literal('phase'),
    Type.Literal('fault'),
    Type.Literal('fault_cleared'),
    Type.Literal('alert_raised'),
    Type.Literal('alert_acked'),
    Type.Literal('operator'),
    /** A provider's public light changed (as citizens see it on GET /providers/status). */
    Type.Literal('light'),
    /** Something the simulator itself noted (a fault it could not inject, citizens shed at its bound). */
    Type.Literal('note'),
  ]),
  text: Type.String(),
});
export type ReportEvent = Static<typeof ReportEventSchema>;

export const ReportCheckSchema = Type.Object({
  name: Type.String(),
  expected: Type.String(),
  actual: Type.String(),
  passed: Type.Boolean(),
});
export type ReportCheck = Static<typeof ReportCheckSchema>;

/** One sample of the drill's charts (about every few seconds). */
export const ReportSampleSchema = Type.Object({
  atSec: Type.Number(),
  waiting: Type.Number(),
  admittedPerSec: Type.Number(),
  bookedPerSec: Type.Number(),
  errorsPerSec: Type.Number(),
  etaMaxSec: Nullable(Type.Number()),
  /** The crowd's failed requests / requests in the sample's interval (additive). */
  errorRate: Type.Optional(Type.Number()),
  /** Providers whose public light was red at the sample. */
  redLights: Type.Optional(Type.Integer()),
});

/** The end-of-drill report, stored by the server, listed and downloadable in the console (JSON and Markdown). */
export const DrillReportSchema = Type.Object({
  id: Type.String(),
  drillId: Type.String(),
  scenario: Type.String(),
  scale: Type.Number(),
  timeFactor: Type.Number(),
  startedAt: Type.Number(),
  endedAt: Type.Number(),
  /** Why it ended: ran to the end, stopped by a trainer, or failed. */
  ending: Type.Union([Type.Literal('completed'), Type.Literal('stopped'), Type.Literal('failed')]),
  crowd: CrowdCountsSchema,
  /** Issued tickets that vanished, seats booked beyond capacity: both must be 0. */
  ticketsLost: Type.Integer(),
  overbooked: Type.Integer(),
  /** First injected fault → first acknowledged alert; → metrics back inside the thresholds. Null: never. */
  ttdSec: Nullable(Type.Number()),
  ttmSec: Nullable(Type.Number()),
  timeline: Type.Array(ReportEventSchema),
  checks: Type.Array(ReportCheckSchema),
  samples: Type.Array(ReportSampleSchema),
  passed: Type.Boolean(),
  /** Further crowd figures (requests, failedRequests, cancelled, requeued, gaveUp, shed, arrivals, population), additive. */
  crowdDetail: Type.Optional(Type.Record(Type.String(), Type.Number())),
  /**
   * The crowd's requests by route, `METHOD /path` without `/api/v1` (`GET /queue/state`,
   * `GET /queue/status`, `POST /queue/heartbeat`, `DELETE /reservations/:id`), additive.
   */
  requestsByRoute: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
  /** How the figures were measured and anything the run could not do, in words (additive). */
  notes: Type.Optional(Type.Array(Type.String())),
});
export type DrillReport = Static<typeof DrillReportSchema>;

/** Server → runner. */
export const RunnerRunSchema = Type.Object({
  drillId: Type.String(),
  scenario: Type.String(),
  scale: Type.Optional(Type.Number()),
  timeFactor: Type.Optional(Type.Number()),
});
export type RunnerRun = Static<typeof RunnerRunSchema>;

/** Server → runner: end the drill now (a trainer stopped it); the runner aborts and still posts its report. */
export const RunnerStopSchema = Type.Object({ drillId: Type.String() });
export type RunnerStop = Static<typeof RunnerStopSchema>;

/** What the runner's acks say: taken, or why not. */
export type RunnerAck = { ok: true } | { ok: false; message: string };

/**
 * The runner's Socket.IO handshake `auth` on the `/runner` namespace: its service token, and the
 * drill it is running when it reconnects after a blip (so the drill is not ended as failed).
 */
export const RunnerAuthSchema = Type.Object({ token: Type.String(), drillId: Type.Optional(Type.Union([Type.String(), Type.Null()])) });
export type RunnerAuth = Static<typeof RunnerAuthSchema>;

/** The `/runner` namespace's events, server side and runner side. */
export interface RunnerServerEvents {
  run: (run: RunnerRun, ack: (ack: RunnerAck) => void) => void;
  stop: (stop: RunnerStop) => void;
}
export interface RunnerClientEvents {
  scenarios: (scenarios: ScenarioSummary[]) => void;
  progress: (progress: DrillProgress) => void;
}

/** `POST /api/v1/drills/reports` (service token): the report, and the runner's own Markdown when it has one. */
export const DrillReportPostSchema = Type.Object(
  { report: DrillReportSchema, markdown: Type.Optional(Type.String({ maxLength: 1_000_000 })) },
  { additionalProperties: false },
);
export type DrillReportPost = Static<typeof DrillReportPostSchema>;

/** The fields of a report the console's list shows. */
const SUMMARY_FIELDS = [
  'id',
  'drillId',
  'scenario',
  'scale',
  'timeFactor',
  'startedAt',
  'endedAt',
  'ending',
  'passed',
  'ttdSec',
  'ttmSec',
  'ticketsLost',
  'overbooked',
] as const satisfies readonly (keyof DrillReport)[];

/** A stored report, as the console's list shows it. */
export const DrillReportSummarySchema = Type.Pick(DrillReportSchema, SUMMARY_FIELDS);
export type DrillReportSummary = Static<typeof DrillReportSummarySchema>;

export const DrillReportsReply = Type.Object({ reports: Type.Array(DrillReportSummarySchema) });
export type DrillReportsReply = Static<typeof DrillReportsReply>;

/** `GET /api/v1/drills/scenarios`: what the connected runner offers (none: no runner). */
export const DrillScenariosReply = Type.Object({ runner: Type.Boolean(), scenarios: Type.Array(ScenarioSummarySchema) });
export type DrillScenariosReply = Static<typeof DrillScenariosReply>;

export function summaryOf(report: DrillReport): DrillReportSummary {
  return Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, report[field]])) as DrillReportSummary;
}

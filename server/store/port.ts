import type { Controls, Notice, Reservation } from '../../protocol';
import type { AuditEntry, DrillState, NodeStatus, Role, Snapshot, TrendPoint, TrendTier } from '../../protocol';
import type { DrillProgress, DrillReport, DrillReportSummary } from '../../protocol';
import type { AlertState } from './alert-state';

/** Thrown by an adapter when its backend cannot be reached; routes turn it into 503 store_unavailable. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('the store is unreachable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** A client's dedupe slot: a bucket and a short digest of its client id (no per-user key). */
export interface ClientSlot {
  bucket: number;
  /** Eight ASCII characters. */
  digest: string;
}

export interface JoinResult {
  number: number;
  /** true when the client already held a waiting ticket and keeps its place. */
  reused: boolean;
}

/** A fixed-window counter (the first hit of a window starts it): at most `max` hits per `windowMs`. */
export interface WindowLimit {
  /** What is counted, e.g. an address or a client id; one counter per key (cluster-wide on Redis). */
  key: string;
  max: number;
  windowMs: number;
}

/** A hit on a window limit: the count so far in this window and how long the window has left. */
export interface WindowCount {
  count: number;
  ttlMs: number;
}

/**
 * The join limits, counted in the same atomic step as the join (one store round trip). The
 * per-address limit is counted first; past it nothing else is counted. Then the per-client limit
 * (when given); past it no ticket is issued. `issue: false` counts the limits and issues nothing
 * (the gate is closed, or the client id was refused).
 */
export interface JoinLimits {
  perAddress: WindowLimit;
  perClient: WindowLimit | null;
  issue: boolean;
}

export interface LimitedJoin {
  /** The ticket, or null when a limit was exceeded or `issue` was false. */
  ticket: JoinResult | null;
  address: WindowCount;
  /** null when not counted (no per-client limit, or the per-address limit stopped the step first). */
  client: WindowCount | null;
}

export interface QueueCounters {
  head: number;
  tail: number;
  /** Admitted, not yet claimed. */
  pending: number;
  /** Claimed sessions still alive. */
  active: number;
  /** Cumulative: admissions never claimed in time. */
  unclaimed: number;
  /** Cumulative: sessions ended by booking or expiry. */
  sessionsEnded: number;
}

export interface TickInput {
  now: number;
  claimWindowMs: number;
  /**
   * Measure elapsed time on the store's clock (Redis `TIME`), not `now`: nodes whose clocks differ
   * would otherwise admit a burst (a node ahead) or stall admission (a node behind). The memory
   * store is one process, so its own clock is the truth.
   */
  storeTime?: boolean;
}

export interface TickResult extends QueueCounters {
  admitted: number;
}

export type ClaimResult = { state: 'waiting' } | { state: 'active'; expiresAt: number } | { state: 'expired' };

/** Which liveness count: status polls, or the heartbeats of the sampled tickets. */
export type LiveSet = 'polls' | 'heartbeats';

export interface QueueStore {
  join(slot: ClientSlot | null, now: number, ttlSec: number): Promise<JoinResult>;
  /** `join` with the join limits counted in the same step (see JoinLimits). Limit windows run on wall-clock time. */
  joinWithin(slot: ClientSlot | null, now: number, ttlSec: number, limits: JoinLimits): Promise<LimitedJoin>;
  tick(input: TickInput): Promise<TickResult>;
  claim(number: number, now: number, sessionTtlMs: number): Promise<ClaimResult>;
  endSession(number: number): Promise<boolean>;
  /** Read-only: when session `number` expires (ms), or null when it is not active (never claimed, ended, swept). */
  sessionExpiry(number: number): Promise<number | null>;
  counters(): Promise<QueueCounters>;
  /**
   * Batched once a second by each node: the ticket numbers that polled in a live window
   * (`set` 'polls', the default), or that sent a sampled heartbeat ('heartbeats'); counted apart.
   */
  markLive(window: number, numbers: number[], ttlSec: number, set?: LiveSet): Promise<void>;
  countLive(windows: number[], set?: LiveSet): Promise<number>;
}

export interface StoredControls {
  controls: Controls;
  version: number;
}

/** A commander's change: the new controls and the audit entry that records it. */
export interface ControlsChangeRequest {
  next: Controls;
  expectedVersion: number;
  /** Unique per attempt: `settle` finds out by it whether a change whose reply was lost was written. */
  changeId: string;
  audit: Omit<AuditEntry, 'id'>;
  /** Written only while this fencing token still holds the named lease (the autopilot's writes). */
  fence?: { lease: string; token: number };
}

export interface ControlsChangeWritten {
  stored: StoredControls;
  entry: AuditEntry;
}

export interface ControlsStore {
  get(): Promise<StoredControls>;
  /** Compare-and-set: fails (returns null) when the version moved on since it was read. */
  set(next: Controls, expectedVersion: number): Promise<StoredControls | null>;
  /**
   * Compare-and-set the controls and append their audit entry in ONE atomic step: both are written
   * or neither. Null when the version moved on, `fenced` when the request's fence no longer holds
   * its lease (nothing written either way).
   */
  change(request: ControlsChangeRequest): Promise<ControlsChangeWritten | null | 'fenced'>;
  /**
   * After `change` failed without a reply: whether change `changeId` was written. When it was not,
   * it is fenced off, so a late arrival of the same command is refused and the answer stays true.
   */
  settle(changeId: string): Promise<{ applied: true; version: number; entryId: string } | { applied: false }>;
}

/**
 * Named leases with fencing tokens: one holder at a time, and a token that grows with every
 * takeover, so a paused former holder's late write is refused (see ControlsChangeRequest.fence).
 */
export interface LeaseStore {
  /** Takes or renews the lease for `holder`: its fencing token (new on every takeover), or null while another holds it. */
  acquire(name: string, holder: string, ttlMs: number, now: number): Promise<number | null>;
  /** Gives the lease up (only when `holder` holds it). */
  release(name: string, holder: string): Promise<void>;
  /** Stores the holder's status note, only while `token` still holds the lease; it lapses after `ttlMs`. */
  putNote(name: string, token: number, note: string, ttlMs: number, now: number): Promise<boolean>;
  note(name: string, now: number): Promise<string | null>;
}

export type BusHandler = (message: string) => void;

/** Cluster-wide fan-out of small messages (head moved, controls changed). */
export interface Bus {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: BusHandler): Promise<() => void>;
}

export interface SeatCount {
  slotId: string;
  capacity: number;
}

export interface ReserveRequest {
  personId: string;
  idempotencyKey: string;
  /** Recorded as is when a seat is taken (the caller picks id and createdAt). */
  reservation: Reservation;
  idempotencyTtlSec: number;
  /**
   * The waiting-room session the booking spends: it must be active (expiry > now) and is ended in
   * the same atomic step as the booking, so one admission gives at most one booking.
   */
  session: { number: number; now: number };
}

export type ReserveResult =
  | { outcome: 'booked'; reservation: Reservation; remaining: number }
  /** The same Idempotency-Key again: the reservation it made the first time. */
  | { outcome: 'repeat'; reservation: Reservation }
  /** The same Idempotency-Key again, but the reservation it made has been cancelled since (cancelledAt: null if unknown). */
  | { outcome: 'repeat_cancelled'; reservation: Reservation; cancelledAt: number | null }
  | { outcome: 'already_reserved'; reservation: Reservation }
  /** The session is not active (already used for a booking, expired, or never claimed). */
  | { outcome: 'session_ended' }
  | { outcome: 'sold_out' }
  | { outcome: 'unknown_slot' };

export type CancelResult = { outcome: 'cancelled'; reservation: Reservation; remaining: number } | { outcome: 'not_found' };

export interface BookingTotals {
  bookedTotal: number;
  cancelledTotal: number;
  seatsLeft: number;
  failures: Record<string, number>;
}

/** One line of the durable booking log (a Redis stream in production). */
export interface BookingLogEntry {
  id: string;
  kind: 'booked' | 'cancelled';
  personId: string;
  reservation: Reservation;
}

export interface BookingStore {
  /** Adds slots not yet in the store; existing slots keep their remaining seats. Returns how many were added. */
  loadInventory(seats: SeatCount[]): Promise<number>;
  remaining(): Promise<Map<string, number>>;
  /** One atomic step: no booking yet, session active, a seat left, take it, end the session, record it, log it. */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Cancels and remembers when (`now`), so a replayed Idempotency-Key answers with the real state. */
  cancel(personId: string, reservationId: string, now: number): Promise<CancelResult>;
  reservationOf(personId: string): Promise<Reservation | null>;
  totals(): Promise<BookingTotals>;
  /** Failure counts by reason, batched by each node; a refused reserve() itself writes nothing. */
  addFailures(counts: Record<string, number>): Promise<void>;
  /** The log after `afterId` (exclusive; '' from the start), oldest first. */
  readLog(afterId: string, count: number): Promise<BookingLogEntry[]>;
  /** The first proposal wins until it expires, so every node shifts a training calendar alike. */
  agreeEventStart(proposed: number, ttlMs: number): Promise<number>;
}

/** One node's identity-gateway health for a flush: counts per second, and its gauges right now. */
export interface HealthFlush {
  nodeId: string;
  buckets: { second: number; counts: Record<string, number> }[];
  gauges: { at: number; values: Record<string, number> };
  ttlSec: number;
}

export interface HealthRead {
  /** The cluster's summed counts for each second asked, in order ({} when none). */
  buckets: Record<string, number>[];
  /** The latest gauges of each node that flushed since `gaugesSince`. */
  gauges: { nodeId: string; values: Record<string, number> }[];
}

export interface VerificationAttempt {
  personId: string;
  deviceId: string | null;
  now: number;
  windowMs: number;
  /** The waiting-room session verifying: bound to the first person verified on it, until it expires. */
  session: { number: number; expiresAt: number };
}

export type VerificationRecord =
  | { ok: true }
  | { ok: false; reason: 'too_soon' | 'other_device'; retryAt: number }
  /** The session already verified another person (one admission verifies one person); nothing recorded. */
  | { ok: false; reason: 'session_person_bound' };

/** One verification under way for a session: held until ended, or until `leaseMs` passes (a node that died). */
export interface VerificationLease {
  number: number;
  /** The holder's own random token: only the holder ends its lease. */
  token: string;
  now: number;
  leaseMs: number;
}

export type VerificationStart =
  | { state: 'started'; sessionExpiresAt: number }
  /** The session is not active (booked, expired, never claimed). */
  | { state: 'session_ended' }
  /** Another verification of this session is under way. */
  | { state: 'in_progress' };

export interface IdentityStore {
  /** Adds one node's counts to the cluster's per-second buckets (once a second, never per request). */
  flushHealth(flush: HealthFlush): Promise<void>;
  readHealth(seconds: number[], gaugesSince: number): Promise<HealthRead>;
  /** The 2021 rule: records a verification unless the person verified within the window. */
  recordVerification(attempt: VerificationAttempt): Promise<VerificationRecord>;
  /** One atomic step: the session is active, and no other verification of it is under way; then take the lease. */
  beginVerification(lease: VerificationLease): Promise<VerificationStart>;
  /** Gives the lease back (only when `token` still holds it). */
  endVerification(number: number, token: string): Promise<void>;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  readonly queue: QueueStore;
  readonly controls: ControlsStore;
  readonly identity: IdentityStore;
  readonly booking: BookingStore;
  readonly bus: Bus;
  readonly operators: OperatorStore;
  readonly audit: AuditStore;
  readonly console: ConsoleStore;
  readonly drills: DrillStore;
  readonly notices: NoticeStore;
  readonly leases: LeaseStore;
  /**
   * This store instance's id: created once (SET NX), the same for every node and every start on
   * it, and new when the store is new (a wiped Redis, a restarted memory store). Tokens carry it,
   * so a ticket from an old store can never share a session with a new ticket of the same number.
   */
  epoch(): Promise<string>;
  /** Round-trip time in ms; throws StoreUnavailableError when unreachable. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export interface OperatorRecord {
  username: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` */
  passwordHash: string;
  createdAt: number;
  /**
   * Moves on (by one) whenever the account is disabled or enabled; operator tokens carry the
   * version they were issued at, so a change ends every open session. Missing = 0.
   */
  version?: number;
  /** A disabled operator cannot log in, and open sessions end. */
  disabled?: boolean;
  /** Seeded by training mode (`SLUICE_DEMO_PASSWORD`): never honoured by a live node. */
  demo?: boolean;
}

export interface OperatorStore {
  /** false when the name is taken. */
  create(record: OperatorRecord): Promise<boolean>;
  get(username: string): Promise<OperatorRecord | null>;
  list(): Promise<OperatorRecord[]>;
  /** false when there was no such operator. */
  remove(username: string): Promise<boolean>;
  /** Disables or enables, moving the version on in the same step: the record after, or null when unknown. */
  setDisabled(username: string, disabled: boolean): Promise<OperatorRecord | null>;
}

/** The durable audit log and incident timeline (a capped Redis stream). */
export interface AuditStore {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Entries at or after `since` (ms), oldest first, at most `limit`. */
  since(since: number, limit: number): Promise<AuditEntry[]>;
}

export interface PutSnapshotResult {
  /** The snapshot stored for that second: this one, or the one another node stored first. */
  snapshot: Snapshot;
  /** true when this call's snapshot is the stored one. */
  won: boolean;
}

/** Cluster-wide state of the operator console: node reports, per-second snapshots, drill, alerts. */
export interface ConsoleStore {
  /** Each node's once-a-second report (no per-request writes). */
  reportNode(status: NodeStatus): Promise<void>;
  removeNode(id: string): Promise<void>;
  nodes(): Promise<NodeStatus[]>;
  /** SET NX for one second: true for exactly one caller, who builds that second's snapshot. */
  claimSecond(at: number, nodeId: string): Promise<boolean>;
  /** First writer wins; null when a later second is stored already. Keeps `keepMs` of history. */
  putSnapshot(snapshot: Snapshot, keepMs: number): Promise<PutSnapshotResult | null>;
  /** Snapshots with `at` >= since, oldest first. */
  snapshotsSince(since: number): Promise<Snapshot[]>;
  /**
   * Stores a coarse tier's point for its bucket (`point.at`), once: false when the bucket is held
   * already (the first writer wins). Drops the tier's points older than `keepMs` before it.
   */
  putTrendPoint(tier: TrendTier, point: TrendPoint, keepMs: number): Promise<boolean>;
  /** The tier's points with from <= at <= to, oldest first. */
  trendPoints(tier: TrendTier, from: number, to: number): Promise<TrendPoint[]>;
  drill(): Promise<DrillState>;
  /** false when a drill is running already. */
  startDrill(drill: DrillState): Promise<boolean>;
  /** The drill that was stopped, or null when none ran. */
  stopDrill(): Promise<DrillState | null>;
  alertState(): Promise<AlertState>;
  saveAlertState(state: AlertState): Promise<void>;
  /** false when already acknowledged. Kept apart from the state so an ack never races its rewrite. */
  ackAlert(id: string, by: string, at: number): Promise<boolean>;
  alertAcks(): Promise<Record<string, { by: string; at: number }>>;
}

/** A stored drill report: the JSON and its Markdown. */
export interface StoredDrillReport {
  report: DrillReport;
  markdown: string;
}

/** The running drill's progress and the reports of ended drills (issue 10). */
export interface DrillStore {
  /** The latest progress of the running drill (kept a minute; readers check its `drillId`). */
  saveProgress(progress: DrillProgress): Promise<void>;
  progress(): Promise<DrillProgress | null>;
  /** Ends the drill `id` when it is the one running (the console's drill state): it, or null. */
  endDrill(id: string): Promise<DrillState | null>;
  /** Stores a report (the same id again replaces it) and keeps the newest `keep`. */
  saveReport(stored: StoredDrillReport, keep: number): Promise<void>;
  /** Newest first (by `endedAt`). */
  reports(limit: number): Promise<DrillReportSummary[]>;
  report(id: string): Promise<StoredDrillReport | null>;
}

/** The situation room's notices to citizens (issue 17): one board the whole cluster shares. */
export interface NoticeStore {
  /** Adds a notice; expired ones are dropped on the way. */
  post(notice: Notice): Promise<void>;
  /** Takes a notice down: the notice, or null when there was none by that id (or it had expired by `now`). */
  clear(id: string, now: number): Promise<Notice | null>;
  /** The notices not yet expired at `now`, newest first. */
  active(now: number): Promise<Notice[]>;
}

import type { Controls } from '../../protocol';

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
  digest: Buffer;
}

export interface JoinResult {
  number: number;
  /** true when the client already held a waiting ticket and keeps its place. */
  reused: boolean;
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
}

export interface TickResult extends QueueCounters {
  admitted: number;
}

export type ClaimResult =
  | { state: 'waiting' }
  | { state: 'active'; expiresAt: number }
  | { state: 'expired' };

export interface QueueStore {
  join(slot: ClientSlot | null, now: number, ttlSec: number): Promise<JoinResult>;
  tick(input: TickInput): Promise<TickResult>;
  claim(number: number, now: number, sessionTtlMs: number): Promise<ClaimResult>;
  endSession(number: number): Promise<boolean>;
  counters(): Promise<QueueCounters>;
  /** Batched once a second by each node: the ticket numbers that polled in a live window. */
  markLive(window: number, numbers: number[], ttlSec: number): Promise<void>;
  countLive(windows: number[]): Promise<number>;
}

export interface StoredControls {
  controls: Controls;
  version: number;
}

export interface ControlsStore {
  get(): Promise<StoredControls>;
  /** Compare-and-set: fails (returns null) when the version moved on since it was read. */
  set(next: Controls, expectedVersion: number): Promise<StoredControls | null>;
}

export type BusHandler = (message: string) => void;

/** Cluster-wide fan-out of small messages (head moved, controls changed). */
export interface Bus {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: BusHandler): Promise<() => void>;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  readonly queue: QueueStore;
  readonly controls: ControlsStore;
  readonly bus: Bus;
  /** Round-trip time in ms; throws StoreUnavailableError when unreachable. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

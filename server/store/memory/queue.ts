import { LRUCache } from 'lru-cache';
import { admissionStep } from '../admission-step';
import type {
  ClaimResult,
  ClientSlot,
  JoinLimits,
  JoinResult,
  LimitedJoin,
  LiveSet,
  QueueCounters,
  QueueStore,
  TickInput,
  TickResult,
  WindowCount,
  WindowLimit,
} from '../port';
import type { MemoryControlsStore } from './controls';

/**
 * How many keys each join-limit counter remembers (an LRU: the oldest key is forgotten first, and
 * with it its count). Measured at about 670 bytes a key (a 36-character client id), so at most
 * about 67 MB and 170 MB when full, reached only when that many different addresses or clients
 * arrive within one window (1 s per address, 1 min per client).
 */
export const JOIN_LIMIT_KEYS = { perAddress: 100_000, perClient: 250_000 } as const;

/** Fixed windows in an LRU, counted as @fastify/rate-limit's in-process store counts them (wall-clock time). */
class WindowCounter {
  private readonly windows: LRUCache<string, { count: number; startedAt: number }>;

  constructor(maxKeys: number) {
    this.windows = new LRUCache({ max: maxKeys });
  }

  hit(limit: WindowLimit): WindowCount {
    const now = Date.now();
    const window = this.windows.get(limit.key);
    if (!window || window.startedAt + limit.windowMs <= now) {
      this.windows.set(limit.key, { count: 1, startedAt: now });
      return { count: 1, ttlMs: limit.windowMs };
    }
    window.count++;
    return { count: window.count, ttlMs: limit.windowMs - (now - window.startedAt) };
  }
}

/** Same semantics as the Redis adapter, for one process. Expiring sets are plain maps. */
export class MemoryQueueStore implements QueueStore {
  private head = 0;
  private tail = 0;
  private lastTickAt = 0;
  private credit = 0;
  private unclaimed = 0;
  private sessionsEnded = 0;
  /** Client id -> its waiting ticket, in the order the numbers were issued (oldest first), forgotten once admitted or expired. */
  private readonly clients = new Map<string, { number: number; expiresAt: number }>();
  /** ticket number -> claim deadline */
  private readonly pending = new Map<number, number>();
  /** ticket number -> session expiry */
  private readonly active = new Map<number, number>();
  private readonly liveSets: Record<LiveSet, Map<number, { numbers: Set<number>; expiresAt: number }>> = { polls: new Map(), heartbeats: new Map() };

  private readonly perAddress = new WindowCounter(JOIN_LIMIT_KEYS.perAddress);
  private readonly perClient = new WindowCounter(JOIN_LIMIT_KEYS.perClient);

  constructor(private readonly controls: MemoryControlsStore) {}

  async joinWithin(slot: ClientSlot | null, now: number, ttlSec: number, limits: JoinLimits): Promise<LimitedJoin> {
    const address = this.perAddress.hit(limits.perAddress);
    if (address.count > limits.perAddress.max) return { ticket: null, address, client: null };
    const client = limits.perClient ? this.perClient.hit(limits.perClient) : null;
    if ((client && client.count > limits.perClient!.max) || !limits.issue) return { ticket: null, address, client };
    return { ticket: await this.join(slot, now, ttlSec), address, client };
  }

  async join(slot: ClientSlot | null, now: number, ttlSec: number): Promise<JoinResult> {
    this.forgetClients(now);
    const key = slot ? `${slot.bucket}:${slot.digest}` : null;
    if (key) {
      const held = this.clients.get(key);
      if (held !== undefined && held.number > this.head) return { number: held.number, reused: true };
    }
    const number = ++this.tail;
    if (key) {
      // Re-inserted at the end, so the map stays in issue order and forgetting walks from the front.
      this.clients.delete(key);
      this.clients.set(key, { number, expiresAt: now + ttlSec * 1000 });
    }
    return { number, reused: false };
  }

  /** Client ids still remembered (a waiting ticket that has not expired). */
  get clientsRemembered(): number {
    return this.clients.size;
  }

  /** Drops client ids whose ticket was admitted or expired: oldest first, so it stops at the first one still waiting. */
  private forgetClients(now: number): void {
    for (const [key, held] of this.clients) {
      if (held.number > this.head && held.expiresAt > now) break;
      this.clients.delete(key);
    }
  }

  async tick({ now: callerNow, claimWindowMs, storeTime }: TickInput): Promise<TickResult> {
    const now = storeTime ? Date.now() : callerNow;
    this.purge(now);
    let admitted = 0;
    if (this.lastTickAt === 0 || now <= this.lastTickAt) {
      if (this.lastTickAt === 0) this.lastTickAt = now;
      return { ...this.snapshotCounters(), admitted };
    }
    const elapsedMs = now - this.lastTickAt;
    this.lastTickAt = now;
    const { controls } = this.controls.current();
    if (controls.gate !== 'open') {
      this.credit = 0;
      return { ...this.snapshotCounters(), admitted };
    }
    const step = admissionStep({
      credit: this.credit,
      ratePerSec: controls.admissionRatePerSec,
      elapsedMs,
      room: controls.maxActiveSessions - this.pending.size - this.active.size,
      waiting: this.tail - this.head,
    });
    this.credit = step.credit;
    admitted = step.admit;
    for (let i = 1; i <= admitted; i++) this.pending.set(this.head + i, now + claimWindowMs);
    this.head += admitted;
    this.forgetClients(now);
    return { ...this.snapshotCounters(), admitted };
  }

  async claim(number: number, now: number, sessionTtlMs: number): Promise<ClaimResult> {
    const expiresAt = this.active.get(number);
    if (expiresAt !== undefined && expiresAt > now) return { state: 'active', expiresAt };
    if (number > this.head) return { state: 'waiting' };
    const deadline = this.pending.get(number);
    if (deadline !== undefined && deadline > now) {
      this.pending.delete(number);
      const sessionEnds = now + sessionTtlMs;
      this.active.set(number, sessionEnds);
      return { state: 'active', expiresAt: sessionEnds };
    }
    return { state: 'expired' };
  }

  async endSession(number: number): Promise<boolean> {
    const ended = this.active.delete(number);
    if (ended) this.sessionsEnded++;
    return ended;
  }

  async sessionExpiry(number: number): Promise<number | null> {
    return this.active.get(number) ?? null;
  }

  /**
   * Synchronous, so the booking store can spend a session inside its own atomic step: ends
   * session `number` when it is active and unexpired and answers true, else answers false.
   */
  takeActiveSession(number: number, now: number): boolean {
    if (!this.isActive(number, now)) return false;
    this.active.delete(number);
    this.sessionsEnded++;
    return true;
  }

  /** Synchronous, no change: when active session `number` expires, or null when it is not active at `now`. */
  activeUntil(number: number, now: number): number | null {
    const expiresAt = this.active.get(number);
    return expiresAt !== undefined && expiresAt > now ? expiresAt : null;
  }

  /** Synchronous check, no change: is session `number` active and unexpired at `now`? */
  isActive(number: number, now: number): boolean {
    const expiresAt = this.active.get(number);
    return expiresAt !== undefined && expiresAt > now;
  }

  async counters(): Promise<QueueCounters> {
    return this.snapshotCounters();
  }

  async markLive(window: number, numbers: number[], ttlSec: number, set: LiveSet = 'polls'): Promise<void> {
    const live = this.liveSets[set];
    let entry = live.get(window);
    if (!entry) {
      entry = { numbers: new Set(), expiresAt: Date.now() + ttlSec * 1000 };
      live.set(window, entry);
    }
    for (const n of numbers) entry.numbers.add(n);
    for (const [w, e] of live) if (e.expiresAt < Date.now()) live.delete(w);
  }

  async countLive(windows: number[], set: LiveSet = 'polls'): Promise<number> {
    const union = new Set<number>();
    for (const w of windows) for (const n of this.liveSets[set].get(w)?.numbers ?? []) union.add(n);
    return union.size;
  }

  private purge(now: number): void {
    for (const [n, deadline] of this.pending) {
      if (deadline <= now) {
        this.pending.delete(n);
        this.unclaimed++;
      }
    }
    for (const [n, expiresAt] of this.active) {
      if (expiresAt <= now) {
        this.active.delete(n);
        this.sessionsEnded++;
      }
    }
  }

  private snapshotCounters(): QueueCounters {
    return {
      head: this.head,
      tail: this.tail,
      pending: this.pending.size,
      active: this.active.size,
      unclaimed: this.unclaimed,
      sessionsEnded: this.sessionsEnded,
    };
  }
}

import type { Reservation } from '../../../protocol';
import type { BookingLogEntry, BookingStore, BookingTotals, CancelResult, ReserveRequest, ReserveResult, SeatCount } from '../port';
import type { MemoryQueueStore } from './queue';

/** Same semantics as the Redis adapter; each method runs without awaiting, so it is one atomic step. */
export class MemoryBookingStore implements BookingStore {
  private readonly seats = new Map<string, number>();
  private readonly people = new Map<string, Reservation>();
  private readonly replays = new Map<string, { reservation: Reservation; expiresAt: number }>();
  /** reservation id -> when it was cancelled (bounded by cancellations: each needs its own admission). */
  private readonly cancelledAt = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private readonly log: BookingLogEntry[] = [];
  private booked = 0;
  private cancelled = 0;
  private seatsLeft = 0;
  private logSeq = 0;
  private eventStart: { at: number; expiresAt: number } | undefined;

  /** The waiting room's sessions: a booking spends one in the same synchronous step. */
  constructor(private readonly queue: MemoryQueueStore) {}

  async loadInventory(seats: SeatCount[]): Promise<number> {
    let added = 0;
    for (const { slotId, capacity } of seats) {
      if (this.seats.has(slotId)) continue;
      this.seats.set(slotId, capacity);
      this.seatsLeft += capacity;
      added++;
    }
    return added;
  }

  async remaining(): Promise<Map<string, number>> {
    return new Map(this.seats);
  }

  async reserve({ personId, idempotencyKey, reservation, idempotencyTtlSec, session }: ReserveRequest): Promise<ReserveResult> {
    const replayKey = `${personId}\n${idempotencyKey}`;
    const prior = this.replays.get(replayKey);
    const held = this.people.get(personId);
    if (prior && prior.expiresAt > Date.now()) {
      if (held?.id === prior.reservation.id) return { outcome: 'repeat', reservation: structuredClone(prior.reservation) };
      return { outcome: 'repeat_cancelled', reservation: structuredClone(prior.reservation), cancelledAt: this.cancelledAt.get(prior.reservation.id) ?? null };
    }
    if (held) return { outcome: 'already_reserved', reservation: structuredClone(held) };
    if (!this.queue.isActive(session.number, session.now)) return { outcome: 'session_ended' };
    const left = this.seats.get(reservation.slotId);
    if (left === undefined) return { outcome: 'unknown_slot' };
    if (left <= 0) return { outcome: 'sold_out' };
    this.queue.takeActiveSession(session.number, session.now);
    this.seats.set(reservation.slotId, left - 1);
    this.people.set(personId, structuredClone(reservation));
    this.replays.set(replayKey, { reservation: structuredClone(reservation), expiresAt: Date.now() + idempotencyTtlSec * 1000 });
    this.booked++;
    this.seatsLeft--;
    this.append('booked', personId, reservation);
    this.sweepReplays();
    return { outcome: 'booked', reservation: structuredClone(reservation), remaining: left - 1 };
  }

  async cancel(personId: string, reservationId: string, now: number): Promise<CancelResult> {
    const held = this.people.get(personId);
    if (!held || held.id !== reservationId) return { outcome: 'not_found' };
    this.people.delete(personId);
    this.cancelledAt.set(reservationId, now);
    const remaining = (this.seats.get(held.slotId) ?? 0) + 1;
    this.seats.set(held.slotId, remaining);
    this.cancelled++;
    this.seatsLeft++;
    this.append('cancelled', personId, held);
    return { outcome: 'cancelled', reservation: structuredClone(held), remaining };
  }

  async reservationOf(personId: string): Promise<Reservation | null> {
    const held = this.people.get(personId);
    return held ? structuredClone(held) : null;
  }

  async totals(): Promise<BookingTotals> {
    return {
      bookedTotal: this.booked,
      cancelledTotal: this.cancelled,
      seatsLeft: this.seatsLeft,
      failures: Object.fromEntries(this.failures),
    };
  }

  async addFailures(counts: Record<string, number>): Promise<void> {
    for (const [reason, n] of Object.entries(counts)) if (n > 0) this.countFailure(reason, n);
  }

  async readLog(afterId: string, count: number): Promise<BookingLogEntry[]> {
    const after = afterId === '' ? 0 : Number(afterId);
    return this.log
      .filter((e) => Number(e.id) > after)
      .slice(0, count)
      .map((e) => structuredClone(e));
  }

  async agreeEventStart(proposed: number, ttlMs: number): Promise<number> {
    const now = Date.now();
    if (!this.eventStart || this.eventStart.expiresAt <= now) this.eventStart = { at: proposed, expiresAt: now + ttlMs };
    return this.eventStart.at;
  }

  private countFailure(reason: string, n: number): void {
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + n);
  }

  private append(kind: BookingLogEntry['kind'], personId: string, reservation: Reservation): void {
    this.log.push({ id: String(++this.logSeq), kind, personId, reservation: structuredClone(reservation) });
  }

  private sweepReplays(): void {
    if (this.replays.size < 100_000) return;
    const now = Date.now();
    for (const [key, entry] of this.replays) if (entry.expiresAt <= now) this.replays.delete(key);
  }
}

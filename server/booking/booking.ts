import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  refusal,
  success,
  type BookingStats,
  type ErrorCode,
  type EventReply,
  type Outcome,
  type Refusal,
  type Reservation,
  type Slot,
  type SlotsQuery,
} from '../../protocol';
import type { Clock } from '../clock';
import type { Claims } from '../tokens/claims';
import type { Store } from '../store';
import type { BookingMetrics } from './booking-metrics';
import { publicWindow, rule } from './eligibility';
import type { EventCalendar } from './event-calendar';
import type { FailureCounts } from './failure-counts';
import type { Inventory } from './inventory';
import type { SeatCache } from './seat-cache';

/** What a verified identity token says: ticket number, birth date, stable person id. */
export type Identity = Pick<Claims<'identity'>, 'ticketNumber' | 'birthDate' | 'personId'>;

export type BookingRefusalCode = Extract<
  ErrorCode,
  | 'unknown_slot'
  | 'not_eligible'
  | 'idempotency_key_reused'
  | 'already_reserved'
  | 'session_ended'
  | 'sold_out'
  | 'reservation_not_found'
  | 'reservation_cancelled'
>;

/** A booked (or replayed) reservation; `repeat` when an Idempotency-Key was replayed. */
export type BookingAnswer = Outcome<{ reservation: Reservation; repeat: boolean }, BookingRefusalCode>;

const ALL_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const REPLAY_TTL_SEC = 24 * 3600;
const DEFAULT_SLOT_LIMIT = 500;

/** Refusal when the waiting-room session behind a token is no longer active (booking and verification alike). */
export const SESSION_ENDED = refusal('session_ended', 'Your turn in the waiting room has ended (one booking per admission). Join the queue again.');

/** How long one answer of the slot list is served again for the same query. */
export const SLOT_LIST_MAX_AGE_MS = 1000;

/** One node's booking service: eligibility in memory, the seat itself always in the store. */
export class Booking {
  /** Slot-list answers by normalized query; bounded, so odd queries cannot grow it. */
  private readonly slotAnswers = new LRUCache<string, string>({ max: 10_000, ttl: SLOT_LIST_MAX_AGE_MS });

  constructor(
    private readonly store: Store,
    readonly inventory: Inventory,
    readonly calendar: EventCalendar,
    private readonly clock: Clock,
    private readonly seats: SeatCache,
    private readonly failureCounts: FailureCounts,
    private readonly metrics: BookingMetrics,
  ) {}

  event(): EventReply {
    const now = this.clock.now();
    const open = this.calendar.openAt(now);
    const next = this.calendar.nextAfter(now);
    return {
      name: this.calendar.name,
      now,
      open: open !== undefined,
      window: open ? publicWindow(open) : null,
      eligible: open ? { birthDateFrom: open.bornFrom, birthDateTo: open.bornTo, birthDayDigits: open.birthDayDigits ?? ALL_DIGITS } : null,
      next: next
        ? {
            ...publicWindow(next),
            birthDayDigits: next.birthDayDigits ?? ALL_DIGITS,
            birthDateFrom: next.bornFrom,
            birthDateTo: next.bornTo,
          }
        : null,
      calendar: this.calendar.shiftMs === 0 ? 'live' : 'shifted',
    };
  }

  async slots(query: SlotsQuery): Promise<{ slots: Slot[]; total: number }> {
    const counts = await this.seats.current();
    const limit = query.limit ?? DEFAULT_SLOT_LIMIT;
    const slots: Slot[] = [];
    let total = 0;
    for (const s of this.inventory.matching(query)) {
      const remaining = counts.get(s.id) ?? 0;
      if (query.open && remaining <= 0) continue;
      total++;
      if (slots.length < limit) {
        slots.push({ id: s.id, region: s.region, center: s.center, date: s.date, vaccine: s.vaccine, remaining });
      }
    }
    return { slots, total };
  }

  /**
   * The slot list as JSON, the same answer for the same query for up to a second: the seat
   * counts behind it are up to a second old anyway (SeatCache), and booking always asks the store.
   */
  async slotsJson(query: SlotsQuery): Promise<string> {
    // null for a filter not given ('' is a filter that matches nothing).
    const key = JSON.stringify([
      query.region ?? null,
      query.date ?? null,
      query.center ?? null,
      query.vaccine ?? null,
      query.open === true,
      query.limit ?? DEFAULT_SLOT_LIMIT,
    ]);
    const cached = this.slotAnswers.get(key);
    if (cached !== undefined) return cached;
    const json = JSON.stringify(await this.slots(query));
    this.slotAnswers.set(key, json);
    return json;
  }

  async reserve(identity: Identity, slotId: string, idempotencyKey: string): Promise<BookingAnswer> {
    const slot = this.inventory.slot(slotId);
    if (!slot) return this.refuse('unknown_slot', `There is no slot "${slotId}". Pick one from the slot list.`);
    const now = this.clock.now();
    const ruling = rule(this.calendar, identity.birthDate, now);
    if (!ruling.eligible) {
      return this.refuse('not_eligible', ruling.message, { reason: ruling.reason, next: ruling.next });
    }
    const reservation: Reservation = {
      id: `r_${randomBytes(12).toString('base64url')}`,
      slotId,
      center: slot.center,
      date: slot.date,
      vaccine: slot.vaccine,
      createdAt: now,
    };
    const started = performance.now();
    const result = await this.store.booking.reserve({
      personId: identity.personId,
      idempotencyKey,
      reservation,
      idempotencyTtlSec: REPLAY_TTL_SEC,
      // The store ends this waiting-room session in the same atomic step: one booking per admission.
      session: { number: identity.ticketNumber, now },
    });
    this.metrics.reserveSeconds.observe((performance.now() - started) / 1000);
    switch (result.outcome) {
      case 'booked':
        this.metrics.booked.inc();
        this.seats.note(slotId, result.remaining);
        return success({ reservation: result.reservation, repeat: false });
      case 'repeat':
        if (result.reservation.slotId !== slotId) {
          return this.refuse('idempotency_key_reused', 'This Idempotency-Key was already used for another slot. Use a new key for a new attempt.');
        }
        return success({ reservation: result.reservation, repeat: true });
      case 'repeat_cancelled': {
        if (result.reservation.slotId !== slotId) {
          return this.refuse('idempotency_key_reused', 'This Idempotency-Key was already used for another slot. Use a new key for a new attempt.');
        }
        const when = result.cancelledAt === null ? '' : ` at ${new Date(result.cancelledAt).toISOString()}`;
        return refusal(
          'reservation_cancelled',
          `The reservation this Idempotency-Key made (${result.reservation.center} on ${result.reservation.date}) was cancelled${when}. Use a new key to book again.`,
          { details: { reservation: result.reservation, cancelledAt: result.cancelledAt } },
        );
      }
      case 'already_reserved':
        this.countFailure('already_reserved');
        return refusal(
          'already_reserved',
          `You already have a reservation: ${result.reservation.center} on ${result.reservation.date}. Cancel it first to book another.`,
          { details: { reservation: result.reservation } },
        );
      case 'session_ended':
        this.countFailure('session_ended');
        return SESSION_ENDED;
      case 'sold_out':
        this.countFailure('sold_out');
        this.seats.note(slotId, 0);
        return refusal('sold_out', `${slot.center} on ${slot.date} is fully booked. Please pick another slot.`);
      case 'unknown_slot':
        return this.refuse('unknown_slot', `Slot "${slotId}" is not on sale.`);
    }
  }

  mine(identity: Identity): Promise<Reservation | null> {
    return this.store.booking.reservationOf(identity.personId);
  }

  async cancel(identity: Identity, reservationId: string): Promise<BookingAnswer> {
    const result = await this.store.booking.cancel(identity.personId, reservationId, this.clock.now());
    if (result.outcome === 'not_found') return refusal('reservation_not_found', 'You have no reservation with this id.');
    this.metrics.cancelled.inc();
    this.seats.note(result.reservation.slotId, result.remaining);
    return success({ reservation: result.reservation, repeat: false });
  }

  /** Cluster-wide cumulative figures; this node's not yet flushed failures are added in. */
  async stats(): Promise<BookingStats> {
    const totals = await this.store.booking.totals();
    const failures = { ...totals.failures };
    for (const [reason, n] of Object.entries(this.failureCounts.unflushed())) failures[reason] = (failures[reason] ?? 0) + n;
    return { ...totals, failures };
  }

  /** Counted for an identity that never reached the booking step (bad token, bad key). */
  countFailure(reason: string): void {
    this.failureCounts.count(reason);
    this.metrics.failures.inc({ reason });
  }

  private refuse<C extends BookingRefusalCode>(code: C, message: string, details?: Record<string, unknown>): Refusal<C> {
    this.countFailure(code);
    return refusal(code, message, details ? { details } : {});
  }
}

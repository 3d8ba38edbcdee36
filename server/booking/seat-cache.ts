import type { BookingStore } from '../store';

/**
 * Remaining seats per slot as this node last read them: the slot list is read from here, at most
 * one store read a second however many citizens browse. Booking itself always asks the store.
 */
export class SeatCache {
  private counts = new Map<string, number>();
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly store: BookingStore,
    private readonly maxAgeMs = 1000,
  ) {}

  async current(): Promise<ReadonlyMap<string, number>> {
    if (performance.now() - this.readAt > this.maxAgeMs) {
      this.reading ??= this.read().finally(() => {
        this.reading = undefined;
      });
      await this.reading;
    }
    return this.counts;
  }

  /** A count this node just learnt from a booking or a cancellation. */
  note(slotId: string, remaining: number): void {
    this.counts.set(slotId, remaining);
  }

  private async read(): Promise<void> {
    this.counts = await this.store.remaining();
    this.readAt = performance.now();
  }
}

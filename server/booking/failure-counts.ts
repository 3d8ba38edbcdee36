import type { BookingStore } from '../store';

/**
 * Failure counts this node has seen but not yet written to the store. Flushed at most once a
 * second, so a flood of refused requests costs one store write a second, not one each.
 */
export class FailureCounts {
  private pending = new Map<string, number>();
  private flushing: Promise<void> | undefined;

  constructor(private readonly store: BookingStore) {}

  count(reason: string): void {
    this.pending.set(reason, (this.pending.get(reason) ?? 0) + 1);
  }

  unflushed(): Record<string, number> {
    return Object.fromEntries(this.pending);
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.addFailures(Object.fromEntries(batch));
    } catch (err) {
      // Kept for the next flush: the store being away must not lose the counts.
      for (const [reason, n] of batch) this.pending.set(reason, (this.pending.get(reason) ?? 0) + n);
      throw err;
    }
  }
}

/**
 * For a warning that can hit every request at once (the store gone: thousands a second): the
 * first in each interval is written, carrying how many were left out since the last one written.
 */
export class OncePer {
  private lastAt = -Infinity;
  private skipped = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many were left out since the last one written, when this one is to be written; otherwise null. */
  take(): number | null {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.skipped++;
      return null;
    }
    const skipped = this.skipped;
    this.skipped = 0;
    this.lastAt = now;
    return skipped;
  }
}

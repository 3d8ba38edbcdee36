/** A bounded ring of (time, head) samples for the admission rate actually achieved. */
export class HeadHistory {
  private readonly times: number[] = [];
  private readonly heads: number[] = [];
  /** Recomputed when a sample arrives, so status polls read it in O(1). */
  private cachedRate: number | null = null;

  constructor(
    private readonly spanMs = 30_000,
    private readonly capacity = 600,
  ) {}

  record(at: number, head: number): void {
    const last = this.times.length - 1;
    if (last >= 0 && at <= this.times[last]!) return;
    this.times.push(at);
    this.heads.push(head);
    if (this.times.length > this.capacity) {
      this.times.shift();
      this.heads.shift();
    }
    this.cachedRate = this.compute(at);
  }

  /** Admissions per second over the span up to the latest sample, or null with under 5 s of samples. */
  ratePerSec(): number | null {
    return this.cachedRate;
  }

  private compute(now: number): number | null {
    const last = this.times.length - 1;
    if (last < 1) return null;
    let first = 0;
    while (first < last && this.times[first]! < now - this.spanMs) first++;
    const dt = this.times[last]! - this.times[first]!;
    if (dt < 5000) return null;
    return ((this.heads[last]! - this.heads[first]!) * 1000) / dt;
  }
}

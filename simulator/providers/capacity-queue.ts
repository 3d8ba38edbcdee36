/**
 * A provider's capacity: `capacity` calls are served at once, the rest wait in line (first
 * come, first served). Capacity may change while calls wait (a capacity fault).
 */
export class CapacityQueue {
  private serving = 0;
  private readonly waiting: Array<() => void> = [];

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves true once served; false when the queue is full or the caller went away. */
  enter(capacity: number, queueLimit: number, signal: AbortSignal): Promise<boolean> {
    if (this.serving < capacity && this.waiting.length === 0) {
      this.serving++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= queueLimit || signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(false);
      };
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(wake);
    });
  }

  leave(capacity: number): void {
    this.serving--;
    this.admit(capacity);
  }

  /** Lets waiting calls in up to the (possibly new) capacity. */
  admit(capacity: number): void {
    while (this.serving < capacity && this.waiting.length > 0) {
      this.serving++;
      this.waiting.shift()!();
    }
  }
}

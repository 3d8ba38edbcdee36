import { Stop } from './citizen';

/**
 * Every citizen's pending wait, so stopping the crowd wakes them all at once. A Set rather than
 * one abort listener per wait: with ten thousand citizens, removing a listener from an
 * AbortSignal's list costs a scan of that list on every wake-up.
 */
export class Sleeps {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; reject: (err: Error) => void }>();
  private stopped = false;

  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(new Stop());
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        reject,
      };
      this.pending.add(entry);
    });
  }

  stopAll(): void {
    this.stopped = true;
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new Stop());
    }
    this.pending.clear();
  }
}

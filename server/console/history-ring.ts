import type { Snapshot } from '../../protocol';

/** The last N seconds of snapshots, oldest first; bounded, never grown forever. */
export class HistoryRing {
  private items: Snapshot[] = [];
  /** Bumped on every change: whoever caches something built from the ring compares it. */
  revision = 0;

  constructor(private readonly capacity: number) {}

  get last(): Snapshot | undefined {
    return this.items.at(-1);
  }

  get first(): Snapshot | undefined {
    return this.items[0];
  }

  /** The snapshots with at >= from, oldest first. */
  since(from: number): Snapshot[] {
    let i = this.items.length;
    while (i > 0 && this.items[i - 1]!.at >= from) i--;
    return this.items.slice(i);
  }

  has(at: number): boolean {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const t = this.items[i]!.at;
      if (t === at) return true;
      if (t < at) return false;
    }
    return false;
  }

  /** Appends a newer snapshot; false for one already held or older than the newest. */
  push(snapshot: Snapshot): boolean {
    const last = this.last;
    if (last && snapshot.at <= last.at) return false;
    this.items.push(snapshot);
    this.revision++;
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    return true;
  }

  /** Replaces the contents (seeding from the store), keeping the newest `capacity`. */
  reset(snapshots: Snapshot[]): void {
    this.items = snapshots.slice(-this.capacity);
    this.revision++;
  }

  all(): Snapshot[] {
    return this.items.slice();
  }
}

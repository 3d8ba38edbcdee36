/** A bounded buffer of the last `capacity` items, oldest first; never grows past its capacity. */
export class Ring<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;
  private cache: T[] | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('ring capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const index = (this.start + this.count) % this.capacity;
    this.items[index] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.cache = undefined;
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity];
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.count = 0;
    this.cache = undefined;
  }

  /** Oldest first. The same array is returned until the ring changes: treat it as read-only. */
  toArray(): readonly T[] {
    if (!this.cache) {
      const out: T[] = new Array<T>(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
      this.cache = out;
    }
    return this.cache;
  }
}

import type { Histogram } from 'prom-client';

/** prom-client's entry for one label set (lib/histogram.js `createBaseValues`). */
interface Entry {
  labels: object;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}
interface Internals {
  hashMap: Record<string, Entry>;
  upperBounds: number[];
}

/**
 * `histogram.labels(...).observe` for one fixed label set, without its cost on every call:
 * prom-client validates, copies and hashes the labels each time (about a microsecond, on every
 * response). This adds to prom-client's own entry for the labels, found once, exactly as its
 * `observe` would (same bucket rule); the histogram's exposition is unchanged (a test compares the
 * two). A reset (a new map) or a re-zeroed entry is noticed and the entry found again.
 */
export function boundObserver<T extends string>(histogram: Histogram<T>, labels: Partial<Record<T, string | number>>): (value: number) => void {
  const internals = histogram as unknown as Internals;
  let map: Record<string, Entry> | undefined;
  let key = '';
  let entry: Entry | undefined;
  const find = (): void => {
    map = internals.hashMap;
    entry = undefined;
    for (const [k, e] of Object.entries(map)) {
      if (e.labels === labels) {
        key = k;
        entry = e;
      }
    }
  };
  return (value) => {
    if (entry === undefined || internals.hashMap !== map || map[key] !== entry || !Number.isFinite(value)) {
      // The first observation (and any odd one) through prom-client itself, which makes the entry.
      histogram.observe(labels, value);
      find();
      return;
    }
    entry.sum += value;
    entry.count += 1;
    const bounds = internals.upperBounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        const b = bounds[i]!;
        if (Object.prototype.hasOwnProperty.call(entry.bucketValues, b)) entry.bucketValues[b]! += 1;
        return;
      }
    }
  };
}

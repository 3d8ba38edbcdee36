/** A chart row: a time and one value per series (null where unknown). */
export type Row = { at: number } & Record<string, number | null>;

/**
 * Charts never plot more points than this per series; longer windows are averaged into time
 * buckets. A chart is ~400 px wide on a desktop, so this is about one point per 2 px, and every
 * point costs Recharts work each second.
 */
export const MAX_POINTS = 200;

/** Bucket width for a span: whole seconds, so at most `maxPoints` buckets cover it. */
export function bucketMs(spanMs: number, maxPoints = MAX_POINTS): number {
  return Math.max(1000, Math.ceil(spanMs / maxPoints / 1000) * 1000);
}

export interface BucketOptions {
  maxPoints?: number;
  /** Shifts bucket edges (ms), so different charts complete their buckets in different seconds. */
  offsetMs?: number;
  /**
   * Plot only whole buckets: a bucket cut by the window's start or still filling at its end is
   * left out, so the rows change once per bucket width rather than every second.
   */
  wholeBucketsOnly?: boolean;
  /** More than this between two items is a hole (default 3 s). */
  gapMs?: number;
  /** Items before `until` are the server's coarse buckets: a hole after one of them is judged by `gapMs` here. */
  past?: PastGap;
}

/** Where the fetched past ends and how far apart its buckets may be without a hole. */
export interface PastGap {
  until: number;
  gapMs: number;
}

/** Snapshots arrive once a second; a bucket is whole when its last second has arrived. */
const SAMPLE_MS = 1000;
/** More than this between two snapshots is a hole in the record. */
const GAP_MS = 3000;

/**
 * Averages items into time buckets aligned to the clock (floor((at - offset) / width)), so a
 * bucket keeps its members from one second to the next and the line does not shimmer as the
 * window slides. `pick` writes one item's values into `into` (reused: no allocation per item);
 * nulls do not drag a mean down. Inputs within maxPoints come back one row per item.
 */
export function bucketRows<T extends { at: number }>(
  items: readonly T[],
  keys: readonly string[],
  pick: (item: T, into: Record<string, number | null>) => void,
  options: BucketOptions = {},
): Row[] {
  const { maxPoints = MAX_POINTS, offsetMs = 0, wholeBucketsOnly = false, gapMs = GAP_MS, past } = options;
  // The live record's holes are judged on its own 1 s beat, even when the fetched past is coarser.
  const pastUntil = past ? past.until : -Infinity;
  const pastGapMs = past ? past.gapMs : gapMs;
  const isHole = (previousAt: number, at: number) => at - previousAt > (previousAt < pastUntil ? pastGapMs : gapMs);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return [];
  const values: Record<string, number | null> = {};
  const gapRow = (at: number) => {
    const row = { at } as Row;
    for (const key of keys) row[key] = null;
    return row;
  };
  if (items.length <= maxPoints) {
    const rows: Row[] = [];
    let previousAt = -Infinity;
    for (const item of items) {
      // Seconds with no snapshot (server down, link lost) show as a break, not a straight line.
      if (rows.length > 0 && isHole(previousAt, item.at)) rows.push(gapRow(previousAt + SAMPLE_MS));
      pick(item, values);
      const row = { at: item.at } as Row;
      for (const key of keys) row[key] = values[key] ?? null;
      rows.push(row);
      previousAt = item.at;
    }
    return rows;
  }
  const width = bucketMs(last.at - first.at, maxPoints);
  const bucketOf = (at: number) => Math.floor((at - offsetMs) / width);
  // Whole buckets: the last one whose final second has arrived, and as many before it as the
  // span holds whole at any phase (one fewer than fit when aligned) — so the set moves on only
  // when a bucket completes, start and end together.
  const startsCut = first.at - SAMPLE_MS >= bucketOf(first.at) * width + offsetMs;
  const endsOpen = last.at + SAMPLE_MS < (bucketOf(last.at) + 1) * width + offsetMs;
  const lastComplete = bucketOf(last.at) - (endsOpen ? 1 : 0);
  const lastWhole = wholeBucketsOnly ? lastComplete : Infinity;
  const firstWhole = wholeBucketsOnly
    ? Math.max(bucketOf(first.at) + (startsCut ? 1 : 0), lastComplete - Math.max(1, Math.floor((last.at - first.at) / width) - 1) + 1)
    : -Infinity;
  const sums = new Float64Array(keys.length);
  const counts = new Uint32Array(keys.length);
  const out: Row[] = [];
  let bucket = NaN;
  let atSum = 0;
  let n = 0;
  let previousAt = -Infinity;
  const flush = () => {
    const row = { at: Math.round(atSum / n) } as Row;
    keys.forEach((key, k) => (row[key] = counts[k] ? (sums[k] as number) / counts[k] : null));
    out.push(row);
    sums.fill(0);
    counts.fill(0);
    atSum = 0;
    n = 0;
  };
  for (const item of items) {
    const b = bucketOf(item.at);
    if (b < firstWhole) continue;
    if (b > lastWhole) break;
    if (n > 0 && isHole(previousAt, item.at)) {
      // Break the line at the hole, even one shorter than a bucket: what came before it and
      // what after are plotted apart.
      flush();
      out.push(gapRow(previousAt + SAMPLE_MS));
    } else if (b !== bucket && n > 0) flush();
    bucket = b;
    previousAt = item.at;
    pick(item, values);
    for (let k = 0; k < keys.length; k++) {
      const v = values[keys[k] as string];
      if (typeof v === 'number' && Number.isFinite(v)) {
        sums[k] = (sums[k] as number) + v;
        counts[k] = (counts[k] as number) + 1;
      }
    }
    atSum += item.at;
    n++;
  }
  if (n > 0) flush();
  return out;
}

/** Rows already built, bucketed the same way (tests, small series). */
export function downsample(rows: readonly Row[], maxPoints = MAX_POINTS): readonly Row[] {
  if (rows.length === 0) return rows;
  const keys = Object.keys(rows[0] as Row).filter((k) => k !== 'at');
  return bucketRows(
    rows,
    keys,
    (row, into) => {
      for (const key of keys) into[key] = row[key] ?? null;
    },
    { maxPoints },
  );
}

/**
 * The previous rows when the new ones plot the same buckets (same count, first and last time):
 * the chart then keeps its props and React skips it. `epoch` changes when history was rewritten.
 */
export function sameRowsOr(previous: readonly Row[] | undefined, next: readonly Row[]): readonly Row[] {
  if (!previous || previous.length !== next.length || previous.length === 0) return next;
  return previous[0]?.at === next[0]?.at && previous[previous.length - 1]?.at === next[next.length - 1]?.at ? previous : next;
}

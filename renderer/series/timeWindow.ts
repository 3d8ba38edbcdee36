/**
 * Chart windows the operator can pick: the last 5 or 15 minutes, 1 or 6 hours, the whole night
 * (everything the server keeps) or the whole drill, all ending now and following the live data;
 * or a range dragged on a chart, fixed in time.
 */
export type ChartWindow = '5m' | '15m' | '1h' | '6h' | 'night' | 'drill' | { from: number; to: number };
export type LiveWindow = Exclude<ChartWindow, object>;

export const WINDOW_MS: Record<'5m' | '15m' | '1h' | '6h', number> = { '5m': 5 * 60_000, '15m': 15 * 60_000, '1h': 3600_000, '6h': 6 * 3600_000 };
/** "Whole night": as far back as the server keeps (its 60 s tier, a day by default). */
export const NIGHT_MS = 24 * 3600_000;

/** Index of the first item with at >= from (items sorted by at). */
export function firstIndexAtOrAfter(items: readonly { at: number }[], from: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as { at: number }).at < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The time span a window covers when the newest data is at `newest`: [from, to] in ms. 'drill'
 * starts at the drill's start (or takes everything when no drill has a start time).
 */
export function windowBounds(window: ChartWindow, newest: number, drillStartedAt: number | null): { from: number; to: number } {
  if (typeof window === 'object') return window;
  if (window === 'drill') return { from: drillStartedAt ?? -Infinity, to: Infinity };
  if (window === 'night') return { from: newest - NIGHT_MS, to: Infinity };
  return { from: newest - WINDOW_MS[window], to: Infinity };
}

/** The items inside a window ending at the newest item (or inside a picked range). */
export function sliceWindow<T extends { at: number }>(items: readonly T[], window: ChartWindow, drillStartedAt: number | null): readonly T[] {
  const newest = items[items.length - 1];
  if (!newest) return items;
  const { from, to } = windowBounds(window, newest.at, drillStartedAt);
  const start = firstIndexAtOrAfter(items, from);
  const end = to === Infinity ? items.length : firstIndexAtOrAfter(items, to + 1);
  return start === 0 && end === items.length ? items : items.slice(start, end);
}

/** The item closest to `secondsAgo` before the newest (for "change over the last minute"). */
export function itemSecondsBefore<T extends { at: number }>(items: readonly T[], secondsAgo: number): T | undefined {
  const newest = items[items.length - 1];
  if (!newest) return undefined;
  const index = firstIndexAtOrAfter(items, newest.at - secondsAgo * 1000);
  return index < items.length - 1 ? items[index] : undefined;
}

/** A stable text for a window, for cache keys and test ids. */
export function windowKey(window: ChartWindow): string {
  return typeof window === 'object' ? `${window.from}-${window.to}` : window;
}

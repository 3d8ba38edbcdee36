/** Chart windows the operator can pick: the last 5 or 15 minutes, or the whole drill. */
export type ChartWindow = '5m' | '15m' | 'drill';

export const WINDOW_MS: Record<Exclude<ChartWindow, 'drill'>, number> = { '5m': 5 * 60_000, '15m': 15 * 60_000 };

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
 * The items inside a window ending at the newest item. 'drill' starts at the drill's start, or
 * takes the whole buffer when no drill has a start time.
 */
export function sliceWindow<T extends { at: number }>(items: readonly T[], window: ChartWindow, drillStartedAt: number | null): readonly T[] {
  const newest = items[items.length - 1];
  if (!newest) return items;
  const from = window === 'drill' ? (drillStartedAt ?? -Infinity) : newest.at - WINDOW_MS[window];
  const index = firstIndexAtOrAfter(items, from);
  return index === 0 ? items : items.slice(index);
}

/** The item closest to `secondsAgo` before the newest (for "change over the last minute"). */
export function itemSecondsBefore<T extends { at: number }>(items: readonly T[], secondsAgo: number): T | undefined {
  const newest = items[items.length - 1];
  if (!newest) return undefined;
  const index = firstIndexAtOrAfter(items, newest.at - secondsAgo * 1000);
  return index < items.length - 1 ? items[index] : undefined;
}

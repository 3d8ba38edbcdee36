/**
 * Upper bounds (ms) of the latency bins every node counts into. Fixed bins add up across
 * nodes and seconds, so a cluster-wide p95 can be read from the merged counts.
 */
export const LATENCY_BOUNDS_MS = [10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 30_000];
/** One more bin for everything slower than the last bound. */
export const LATENCY_BINS = LATENCY_BOUNDS_MS.length + 1;

export function latencyBin(ms: number): number {
  const at = LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return at < 0 ? LATENCY_BOUNDS_MS.length : at;
}

/** The p-quantile (0..1), interpolated inside its bin; null without samples. */
export function latencyQuantile(bins: readonly number[], p: number): number | null {
  const total = bins.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const target = Math.max(1, Math.ceil(p * total));
  let before = 0;
  for (let i = 0; i < bins.length; i++) {
    const count = bins[i] ?? 0;
    if (before + count >= target) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      const upper = LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((upper - lower) * (target - before)) / count);
    }
    before += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}

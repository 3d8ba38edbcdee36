import type { Eta } from '../../protocol';

/**
 * ETA as a range: the fast end assumes the set rate, the slow end the rate actually
 * achieved lately (lower when capacity, not the rate, is what limits admission).
 * Widened by 10 % each way; null when nobody is being admitted and no rate is set.
 */
export function estimateEta(position: number, setRatePerSec: number, observedRatePerSec: number | null): Eta {
  if (position <= 0) return { minSec: 0, maxSec: 0 };
  const fast = setRatePerSec;
  const slow = observedRatePerSec !== null && observedRatePerSec > 0 ? Math.min(observedRatePerSec, fast) : fast;
  if (fast <= 0 || slow <= 0) return null;
  return {
    minSec: Math.floor((position / fast) * 0.9),
    maxSec: Math.ceil((position / slow) * 1.1),
  };
}

/** Near the front poll every second; far back poll rarely (a 50-hour queue must not DDoS us). */
export function pollDelayMs(position: number, ratePerSec: number, maxMs: number, random = Math.random): number {
  const untilAdmitted = ratePerSec > 0 ? (position / ratePerSec) * 1000 : maxMs;
  const base = Math.min(Math.max(untilAdmitted / 4, 1000), maxMs);
  return Math.round(base * (0.9 + random() * 0.2));
}

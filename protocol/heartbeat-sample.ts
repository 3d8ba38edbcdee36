/**
 * Liveness by sample. Clients that follow the cached queue state never reach the origin while
 * they wait, so the server cannot see them leave. Instead one ticket in `sampleEvery` (by number,
 * so client and server agree without asking) sends a heartbeat every interval, and the server
 * scales the count of distinct sampled tickets it heard back up.
 */

/** Whether ticket `number` is in the heartbeat sample. */
export function inHeartbeatSample(number: number, sampleEvery: number): boolean {
  return sampleEvery >= 1 && number >= 1 && number % sampleEvery === 0;
}

/** Relative standard error of a Redis HyperLogLog count (16384 registers: 1.04/√16384). */
export const HLL_STANDARD_ERROR = 0.0081;
/** Two-sided 95 %. */
const Z95 = 1.96;

export interface LiveEstimate {
  /** sampled × sampleEvery */
  value: number;
  /** The 95 % range around it. */
  low: number;
  high: number;
  /** The distinct sampled tickets heard from. */
  sampled: number;
  sampleEvery: number;
}

/**
 * Live waiting citizens from `sampled` distinct heartbeating tickets, one in `sampleEvery`.
 * Which citizens are still there is unrelated to their number modulo `sampleEvery`, so each of
 * the N live ones is in the sample with probability p = 1/s: sampled ~ Binomial(N, p), and the
 * estimate N̂ = s·sampled has variance s²·N·p(1−p) = N(s−1). The count itself comes from a
 * HyperLogLog (relative standard error 0.81 %), which adds (0.0081·N̂)². The bound is 1.96
 * standard deviations, with N taken as at least s so that a handful (or none) heard does not
 * claim a tight bound: below about 2s, "none" and "a few dozen" cannot be told apart.
 */
export function liveFromSample(sampled: number, sampleEvery: number): LiveEstimate {
  const s = Math.max(1, Math.floor(sampleEvery));
  const value = sampled * s;
  const variance = (s - 1) * Math.max(value, s) + (HLL_STANDARD_ERROR * value) ** 2;
  const margin = Math.ceil(Z95 * Math.sqrt(variance));
  return { value, low: Math.max(0, value - margin), high: value + margin, sampled, sampleEvery: s };
}

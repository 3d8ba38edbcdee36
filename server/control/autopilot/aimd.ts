import type { AutopilotMode, AutopilotReason, AutoThrottle } from '../../../protocol';
import type { Pressure } from './pressure';

/**
 * Additive increase, multiplicative decrease. Why AIMD and not a gradient limiter: the signals
 * reach us once a second, cluster-wide, seconds after the admissions that caused them (a citizen
 * verifies some seconds after being admitted), and there is no stable no-load latency to take a
 * gradient against. AIMD with a cooldown after each cut tolerates that lag, converges, and is
 * predictable: a commander can say what it will do next.
 */
export interface AimdSettings {
  /** Each cut multiplies the rate by this. */
  decreaseFactor: number;
  /** After a cut, wait this long before cutting again: admissions already made still arrive downstream. */
  decreaseCooldownSec: number;
  /** Healthy for this long before the first climb. */
  healthyBeforeIncreaseSec: number;
  /** Then climb by this share of the maximum, at most once per `increaseEverySec`. */
  increaseShare: number;
  increaseEverySec: number;
}

export const DEFAULT_AIMD: AimdSettings = {
  decreaseFactor: 0.7,
  decreaseCooldownSec: 3,
  healthyBeforeIncreaseSec: 10,
  increaseShare: 0.05,
  increaseEverySec: 2,
};

/** What the controller remembers between seconds (ms since the epoch). */
export interface AimdMemory {
  lastCutAt: number | null;
  lastClimbAt: number | null;
  healthySince: number | null;
}

export const FRESH_MEMORY: AimdMemory = { lastCutAt: null, lastClimbAt: null, healthySince: null };

export interface AimdDecision {
  mode: Exclude<AutopilotMode, 'off' | 'paused'>;
  /** The rate to set: equal to the current one when holding. */
  rate: number;
  reason: AutopilotReason;
  memory: AimdMemory;
}

const round = (rate: number) => Math.round(rate * 100) / 100;

const why = (code: string, params: Record<string, string | number>, text: string): AutopilotReason => ({ code, params, text });

/** One second's decision from the pressure, the current rate, the commander's bounds and what happened before. */
export function decide(pressure: Pressure, rate: number, bounds: AutoThrottle, memory: AimdMemory, now: number, s: AimdSettings = DEFAULT_AIMD): AimdDecision {
  const { minRatePerSec: min, maxRatePerSec: max } = bounds;
  if (rate < min || rate > max) {
    const to = Math.min(max, Math.max(min, rate));
    return {
      mode: to < rate ? 'backing_off' : 'climbing',
      rate: to,
      reason: why('autopilot_bounds', { min, max }, `outside the bounds ${min}–${max}`),
      memory,
    };
  }
  const worst = pressure.degraded[0];
  if (worst) {
    const cooling = memory.lastCutAt !== null && now - memory.lastCutAt < s.decreaseCooldownSec * 1000;
    const degradedMemory = { ...memory, healthySince: null };
    const to = round(Math.max(min, rate * s.decreaseFactor));
    if (cooling || to >= rate) return { mode: 'holding', rate, reason: worst, memory: degradedMemory };
    return { mode: 'backing_off', rate: to, reason: worst, memory: { ...degradedMemory, lastCutAt: now } };
  }
  const healthySince = memory.healthySince ?? now;
  const healthyMemory = { ...memory, healthySince };
  const saturated = pressure.saturated[0];
  if (saturated) return { mode: 'holding', rate, reason: saturated, memory: healthyMemory };
  if (rate >= max) return { mode: 'holding', rate, reason: why('autopilot_at_max', { max }, `healthy, at the maximum ${max}/s`), memory: healthyMemory };
  const healthySec = Math.floor((now - healthySince) / 1000);
  const rested = memory.lastClimbAt === null || now - memory.lastClimbAt >= s.increaseEverySec * 1000;
  if (healthySec < s.healthyBeforeIncreaseSec || !rested) {
    return { mode: 'holding', rate, reason: why('autopilot_healthy_wait', { sec: healthySec }, `healthy for ${healthySec} s`), memory: healthyMemory };
  }
  const to = round(Math.min(max, rate + Math.max(1, max * s.increaseShare)));
  return {
    mode: 'climbing',
    rate: to,
    reason: why('autopilot_healthy', { sec: healthySec }, `healthy for ${healthySec} s`),
    memory: { ...healthyMemory, lastClimbAt: now },
  };
}

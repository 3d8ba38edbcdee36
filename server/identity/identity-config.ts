import { envNumber } from '../env-number';

/** When a provider's light turns yellow or red; measured over the health window. */
export interface LightThresholds {
  /** Yellow (delayed) when p95 latency is above this. */
  yellowP95Ms: number;
  /** Yellow when the success rate is below this. */
  yellowSuccessRate: number;
  /** Red (failing) when the success rate is below this. */
  redSuccessRate: number;
  /** Red when this share of calls timed out. */
  redTimeoutRate: number;
  /** Red (congested) when this share of attempts found the provider's lane full. */
  redBusyRate: number;
  /** Fewer calls than this in the window say nothing about rates: the light stays as latency shows. */
  minRequests: number;
}

export interface BreakerSettings {
  /** Share of failed calls among the last `windowCalls` that opens the circuit. */
  failureRate: number;
  windowCalls: number;
  /** Calls needed before the circuit may open. */
  minCalls: number;
  /** How long an open circuit refuses before it lets one trial call through. */
  halfOpenAfterMs: number;
}

export interface IdentityConfig {
  /** A provider call that takes longer is abandoned and answered 504. */
  timeoutMs: number;
  tokenTtlSec: number;
  /** The 2021 rule: one verification per person, and one device, per this many seconds. */
  reverifyAfterSec: number;
  /** Health is measured over this many 1-second buckets. */
  windowSec: number;
  lights: LightThresholds;
  breaker: BreakerSettings;
}

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  timeoutMs: 5000,
  tokenTtlSec: 30 * 60,
  reverifyAfterSec: 10 * 60,
  windowSec: 10,
  lights: {
    yellowP95Ms: 2000,
    yellowSuccessRate: 0.95,
    redSuccessRate: 0.8,
    redTimeoutRate: 0.1,
    redBusyRate: 0.2,
    minRequests: 5,
  },
  breaker: { failureRate: 0.5, windowCalls: 20, minCalls: 10, halfOpenAfterMs: 5000 },
};


export function loadIdentityConfig(env: NodeJS.ProcessEnv, defaults: IdentityConfig = DEFAULT_IDENTITY_CONFIG): IdentityConfig {
  const l = defaults.lights;
  const b = defaults.breaker;
  return {
    timeoutMs: envNumber(env, 'SLUICE_IDENTITY_TIMEOUT_MS', defaults.timeoutMs),
    tokenTtlSec: envNumber(env, 'SLUICE_IDENTITY_TOKEN_TTL_SEC', defaults.tokenTtlSec),
    reverifyAfterSec: envNumber(env, 'SLUICE_REVERIFY_AFTER_SEC', defaults.reverifyAfterSec),
    windowSec: Math.max(1, Math.round(envNumber(env, 'SLUICE_HEALTH_WINDOW_SEC', defaults.windowSec, 300))),
    lights: {
      yellowP95Ms: envNumber(env, 'SLUICE_LIGHT_YELLOW_P95_MS', l.yellowP95Ms),
      yellowSuccessRate: envNumber(env, 'SLUICE_LIGHT_YELLOW_SUCCESS_RATE', l.yellowSuccessRate, 1),
      redSuccessRate: envNumber(env, 'SLUICE_LIGHT_RED_SUCCESS_RATE', l.redSuccessRate, 1),
      redTimeoutRate: envNumber(env, 'SLUICE_LIGHT_RED_TIMEOUT_RATE', l.redTimeoutRate, 1),
      redBusyRate: envNumber(env, 'SLUICE_LIGHT_RED_BUSY_RATE', l.redBusyRate, 1),
      minRequests: envNumber(env, 'SLUICE_LIGHT_MIN_REQUESTS', l.minRequests),
    },
    breaker: {
      failureRate: envNumber(env, 'SLUICE_BREAKER_FAILURE_RATE', b.failureRate, 1),
      windowCalls: Math.max(1, envNumber(env, 'SLUICE_BREAKER_WINDOW_CALLS', b.windowCalls)),
      minCalls: envNumber(env, 'SLUICE_BREAKER_MIN_CALLS', b.minCalls),
      halfOpenAfterMs: envNumber(env, 'SLUICE_BREAKER_HALF_OPEN_MS', b.halfOpenAfterMs),
    },
  };
}

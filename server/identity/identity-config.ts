import { ENVIRONMENT_DEFAULTS as D, type EnvironmentValues } from '../../protocol/environment';

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
  /** Red (congested) when this share of attempts found the provider's in-flight limit reached. */
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

/**
 * The identity settings: the values set in the environment over `base` over the schema's defaults
 * (protocol/environment.ts, the one place they are written down).
 */
export function identityConfig(set: Partial<EnvironmentValues> = {}, base?: IdentityConfig): IdentityConfig {
  const l = base?.lights;
  const b = base?.breaker;
  return {
    timeoutMs: set.SLUICE_IDENTITY_TIMEOUT_MS ?? base?.timeoutMs ?? D.SLUICE_IDENTITY_TIMEOUT_MS,
    tokenTtlSec: set.SLUICE_IDENTITY_TOKEN_TTL_SEC ?? base?.tokenTtlSec ?? D.SLUICE_IDENTITY_TOKEN_TTL_SEC,
    reverifyAfterSec: set.SLUICE_REVERIFY_AFTER_SEC ?? base?.reverifyAfterSec ?? D.SLUICE_REVERIFY_AFTER_SEC,
    windowSec: set.SLUICE_HEALTH_WINDOW_SEC ?? base?.windowSec ?? D.SLUICE_HEALTH_WINDOW_SEC,
    lights: {
      yellowP95Ms: set.SLUICE_LIGHT_YELLOW_P95_MS ?? l?.yellowP95Ms ?? D.SLUICE_LIGHT_YELLOW_P95_MS,
      yellowSuccessRate: set.SLUICE_LIGHT_YELLOW_SUCCESS_RATE ?? l?.yellowSuccessRate ?? D.SLUICE_LIGHT_YELLOW_SUCCESS_RATE,
      redSuccessRate: set.SLUICE_LIGHT_RED_SUCCESS_RATE ?? l?.redSuccessRate ?? D.SLUICE_LIGHT_RED_SUCCESS_RATE,
      redTimeoutRate: set.SLUICE_LIGHT_RED_TIMEOUT_RATE ?? l?.redTimeoutRate ?? D.SLUICE_LIGHT_RED_TIMEOUT_RATE,
      redBusyRate: set.SLUICE_LIGHT_RED_BUSY_RATE ?? l?.redBusyRate ?? D.SLUICE_LIGHT_RED_BUSY_RATE,
      minRequests: set.SLUICE_LIGHT_MIN_REQUESTS ?? l?.minRequests ?? D.SLUICE_LIGHT_MIN_REQUESTS,
    },
    breaker: {
      failureRate: set.SLUICE_BREAKER_FAILURE_RATE ?? b?.failureRate ?? D.SLUICE_BREAKER_FAILURE_RATE,
      windowCalls: set.SLUICE_BREAKER_WINDOW_CALLS ?? b?.windowCalls ?? D.SLUICE_BREAKER_WINDOW_CALLS,
      minCalls: set.SLUICE_BREAKER_MIN_CALLS ?? b?.minCalls ?? D.SLUICE_BREAKER_MIN_CALLS,
      halfOpenAfterMs: set.SLUICE_BREAKER_HALF_OPEN_MS ?? b?.halfOpenAfterMs ?? D.SLUICE_BREAKER_HALF_OPEN_MS,
    },
  };
}

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = identityConfig();

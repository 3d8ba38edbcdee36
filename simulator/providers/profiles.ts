import { PROVIDER_IDS, type ProviderId } from '../../protocol';

/**
 * How one provider behaves on a normal day. ASSUMED: the 2021 providers' latencies and
 * capacities were never published; these are plausible figures, overridable at start.
 */
export interface ProviderProfile {
  /** Median service time of one verification. */
  medianMs: number;
  /** Spread of the log-normal service time; 0 = every call takes the median. */
  sigma: number;
  /** Share of calls that fail on their own (random), before any fault. */
  errorRate: number;
  /** Calls served at once; the rest wait in line, so the provider slows down. */
  capacity: number;
  /** Calls that may wait in line; beyond it the provider answers 503 at once. */
  queueLimit: number;
}

export const DEFAULT_PROFILES: Record<ProviderId, ProviderProfile> = {
  phone: { medianMs: 450, sigma: 0.5, errorRate: 0.005, capacity: 400, queueLimit: 4000 },
  ipin: { medianMs: 650, sigma: 0.6, errorRate: 0.01, capacity: 150, queueLimit: 1500 },
  jointcert: { medianMs: 900, sigma: 0.6, errorRate: 0.01, capacity: 200, queueLimit: 2000 },
  naver: { medianMs: 300, sigma: 0.4, errorRate: 0.002, capacity: 500, queueLimit: 5000 },
  kakao: { medianMs: 250, sigma: 0.4, errorRate: 0.002, capacity: 500, queueLimit: 5000 },
  pass: { medianMs: 350, sigma: 0.45, errorRate: 0.003, capacity: 400, queueLimit: 4000 },
};

export type ProfileOverrides = Partial<ProviderProfile> & { providers?: Partial<Record<ProviderId, Partial<ProviderProfile>>> };

/** Defaults, then overrides for all providers, then per provider. */
export function resolveProfiles(overrides: ProfileOverrides = {}): Record<ProviderId, ProviderProfile> {
  const { providers = {}, ...all } = overrides;
  return Object.fromEntries(PROVIDER_IDS.map((id) => [id, { ...DEFAULT_PROFILES[id], ...all, ...providers[id] }])) as Record<ProviderId, ProviderProfile>;
}

/** Log-normal service time around the median (Box-Muller). */
export function serviceTimeMs(profile: ProviderProfile, random = Math.random): number {
  if (profile.sigma === 0) return profile.medianMs;
  const u = 1 - random();
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return profile.medianMs * Math.exp(profile.sigma * z);
}

import Type, { type Static } from 'typebox';

/** The six identity providers of the 2021 pre-reservation system. */
export const PROVIDER_IDS = ['phone', 'ipin', 'jointcert', 'naver', 'kakao', 'pass'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
// Spelled out (not mapped from PROVIDER_IDS) so Static<> infers the literal union, not never.
export const ProviderIdSchema = Type.Union([
  Type.Literal('phone'),
  Type.Literal('ipin'),
  Type.Literal('jointcert'),
  Type.Literal('naver'),
  Type.Literal('kakao'),
  Type.Literal('pass'),
]);

export const PROVIDER_LABELS: Record<ProviderId, { ko: string; en: string }> = {
  phone: { ko: '휴대폰', en: 'Mobile phone' },
  ipin: { ko: '아이핀', en: 'i-PIN' },
  jointcert: { ko: '공동인증서', en: 'Joint certificate' },
  naver: { ko: '네이버', en: 'Naver' },
  kakao: { ko: '카카오', en: 'Kakao' },
  pass: { ko: 'PASS', en: 'PASS' },
};

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

/** green smooth, yellow delayed, red congested or failing, off disabled by a commander. */
export const LightSchema = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('off')]);
export type Light = Static<typeof LightSchema>;

export const CircuitStateSchema = Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half-open')]);
export type CircuitState = Static<typeof CircuitStateSchema>;

/** Measured health of one provider over the sliding window, cluster-wide. */
export const ProviderHealthSchema = Type.Object({
  id: ProviderIdSchema,
  light: LightSchema,
  successRate: Type.Union([Type.Number(), Type.Null()]),
  p50Ms: Type.Union([Type.Number(), Type.Null()]),
  p95Ms: Type.Union([Type.Number(), Type.Null()]),
  requestsPerSec: Type.Number(),
  /** Calls that reached the provider in the window, cluster-wide. */
  requests: Type.Integer(),
  /**
   * Whether the window held enough calls (`identity.lights.minRequests`) for its rates to speak.
   * A light that is not measured is green only by default: the console shows "no data" instead.
   */
  measured: Type.Boolean(),
  timeouts: Type.Integer(),
  errors: Type.Integer(),
  inflight: Type.Integer(),
  circuit: CircuitStateSchema,
  windowSec: Type.Number(),
});
export type ProviderHealth = Static<typeof ProviderHealthSchema>;

export const ProvidersStatusReply = Type.Object({
  providers: Type.Array(
    Type.Object({
      id: ProviderIdSchema,
      light: LightSchema,
      label: Type.Object({ ko: Type.String(), en: Type.String() }),
    }),
  ),
  updatedAt: Type.Number(),
});
export type ProvidersStatusReply = Static<typeof ProvidersStatusReply>;

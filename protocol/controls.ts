import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { PROVIDER_IDS, type ProviderId } from './providers';

export const GateSchema = Type.Union([Type.Literal('open'), Type.Literal('paused'), Type.Literal('closed')]);
export type Gate = Static<typeof GateSchema>;

export const ProviderControlSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    maxInflight: Type.Integer({ minimum: 0, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
export type ProviderControl = Static<typeof ProviderControlSchema>;

export const AutoThrottleSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    minRatePerSec: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    maxRatePerSec: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    /** Set when a commander's manual rate change paused the autopilot; cleared when it is enabled again. */
    pausedBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    pausedAt: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  },
  { additionalProperties: false },
);
export type AutoThrottle = Static<typeof AutoThrottleSchema>;

const providerControls = Object.fromEntries(PROVIDER_IDS.map((id) => [id, ProviderControlSchema])) as Record<ProviderId, typeof ProviderControlSchema>;

/** The commander's levers. Stored once in the store, cached on every node. */
export const ControlsSchema = Type.Object(
  {
    gate: GateSchema,
    admissionRatePerSec: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    maxActiveSessions: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    sessionTtlSec: Type.Integer({ minimum: 30, maximum: 86_400 }),
    providers: Type.Object(providerControls, { additionalProperties: false }),
    autoThrottle: AutoThrottleSchema,
  },
  { additionalProperties: false },
);
export type Controls = Static<typeof ControlsSchema>;

/** A change: any top-level field; providers may be changed one at a time, partially. */
export const ControlsPatchSchema = Type.Object(
  {
    gate: Type.Optional(GateSchema),
    admissionRatePerSec: Type.Optional(ControlsSchema.properties.admissionRatePerSec),
    maxActiveSessions: Type.Optional(ControlsSchema.properties.maxActiveSessions),
    sessionTtlSec: Type.Optional(ControlsSchema.properties.sessionTtlSec),
    providers: Type.Optional(
      Type.Object(
        Object.fromEntries(PROVIDER_IDS.map((id) => [id, Type.Optional(Type.Partial(ProviderControlSchema))])) as Record<
          ProviderId,
          ReturnType<typeof Type.Optional<ReturnType<typeof Type.Partial<typeof ProviderControlSchema>>>>
        >,
        { additionalProperties: false },
      ),
    ),
    // Who paused it is the server's to record, never the patch's.
    autoThrottle: Type.Optional(Type.Partial(Type.Pick(AutoThrottleSchema, ['enabled', 'minRatePerSec', 'maxRatePerSec']))),
  },
  { additionalProperties: false },
);
export type ControlsPatch = Static<typeof ControlsPatchSchema>;

export const DEFAULT_CONTROLS: Controls = {
  gate: 'open',
  admissionRatePerSec: 100,
  maxActiveSessions: 10_000,
  sessionTtlSec: 600,
  providers: Object.fromEntries(PROVIDER_IDS.map((id) => [id, { enabled: true, maxInflight: 200 }])) as Record<ProviderId, ProviderControl>,
  autoThrottle: { enabled: false, minRatePerSec: 10, maxRatePerSec: 1000 },
};

export type ControlsCheck = { ok: true; controls: Controls } | { ok: false; message: string };

/** Applies a patch to the current controls and checks the result; nothing changes when it fails. */
export function applyControlsPatch(current: Controls, patch: unknown): ControlsCheck {
  if (!Value.Check(ControlsPatchSchema, patch)) {
    const first = [...Value.Errors(ControlsPatchSchema, patch)][0];
    return { ok: false, message: first ? `${first.instancePath || 'patch'} ${first.message}` : 'invalid patch' };
  }
  const p = patch;
  const next: Controls = structuredClone(current);
  if (p.gate !== undefined) next.gate = p.gate;
  if (p.admissionRatePerSec !== undefined) next.admissionRatePerSec = p.admissionRatePerSec;
  if (p.maxActiveSessions !== undefined) next.maxActiveSessions = p.maxActiveSessions;
  if (p.sessionTtlSec !== undefined) next.sessionTtlSec = p.sessionTtlSec;
  if (p.providers) {
    for (const id of PROVIDER_IDS) {
      const change = p.providers[id];
      if (change) next.providers[id] = { ...next.providers[id], ...change };
    }
  }
  if (p.autoThrottle) next.autoThrottle = { ...next.autoThrottle, ...p.autoThrottle };
  if (next.autoThrottle.minRatePerSec > next.autoThrottle.maxRatePerSec) {
    return { ok: false, message: 'autoThrottle.minRatePerSec must not exceed maxRatePerSec' };
  }
  if (!Value.Check(ControlsSchema, next)) return { ok: false, message: 'resulting controls are invalid' };
  return { ok: true, controls: next };
}

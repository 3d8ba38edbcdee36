import Type, { type Static } from 'typebox';
import { ProviderIdSchema } from './providers';

/** Faults the provider simulator takes at run time (modelled on Toxiproxy's toxics). */
export const FaultKindSchema = Type.Union([
  Type.Literal('latency'),
  Type.Literal('errors'),
  Type.Literal('hang'),
  Type.Literal('outage'),
  Type.Literal('capacity'),
]);
export type FaultKind = Static<typeof FaultKindSchema>;

export const FaultSpecSchema = Type.Object(
  {
    provider: ProviderIdSchema,
    kind: FaultKindSchema,
    latencyMs: Type.Optional(Type.Number({ minimum: 0, maximum: 600_000 })),
    jitterMs: Type.Optional(Type.Number({ minimum: 0, maximum: 600_000 })),
    rate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    durationSec: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400 })),
  },
  { additionalProperties: false },
);
export type FaultSpec = Static<typeof FaultSpecSchema>;

export type Fault = FaultSpec & { id: string; createdAt: number; expiresAt: number | null };

import Type, { type Static } from 'typebox';
import { GateSchema } from './controls';

export const EtaSchema = Type.Union([Type.Object({ minSec: Type.Number(), maxSec: Type.Number() }), Type.Null()]);
export type Eta = Static<typeof EtaSchema>;

export const JoinBody = Type.Object(
  { clientId: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })) },
  { additionalProperties: false },
);
export type JoinBody = Static<typeof JoinBody>;

export const JoinReply = Type.Object({
  ticket: Type.String(),
  number: Type.Integer(),
  position: Type.Integer(),
  eta: EtaSchema,
  pollAfterMs: Type.Integer(),
  gate: GateSchema,
});
export type JoinReply = Static<typeof JoinReply>;

export const StatusReply = Type.Union([
  Type.Object({
    state: Type.Literal('waiting'),
    number: Type.Integer(),
    position: Type.Integer(),
    eta: EtaSchema,
    pollAfterMs: Type.Integer(),
    gate: GateSchema,
  }),
  Type.Object({ state: Type.Literal('admitted'), accessToken: Type.String(), expiresAt: Type.Number() }),
  Type.Object({ state: Type.Literal('expired'), message: Type.String() }),
]);
export type StatusReply = Static<typeof StatusReply>;

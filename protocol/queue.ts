import Type, { type Static } from 'typebox';
import { GateSchema } from './controls';

export const EtaSchema = Type.Union([Type.Object({ minSec: Type.Number(), maxSec: Type.Number() }), Type.Null()]);
export type Eta = Static<typeof EtaSchema>;

export const JoinBody = Type.Object(
  {
    /** A random id of at least 128 bits (32 hex or 22 base64url characters): whoever knows it gets this place back. */
    clientId: Type.Optional(Type.String({ minLength: 22, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
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

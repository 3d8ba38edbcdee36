import Type, { type Static } from 'typebox';
import { ProviderIdSchema } from './providers';

export const VerifyBody = Type.Object(
  {
    provider: ProviderIdSchema,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    birthDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+-]{8,20}$' })),
    deviceId: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export type VerifyBody = Static<typeof VerifyBody>;

export const VerifyReply = Type.Object({ identityToken: Type.String(), expiresAt: Type.Number() });
export type VerifyReply = Static<typeof VerifyReply>;

export const ProviderUnavailableBody = Type.Object({
  error: Type.Literal('provider_unavailable'),
  message: Type.String(),
  alternatives: Type.Array(ProviderIdSchema),
});
export type ProviderUnavailableBody = Static<typeof ProviderUnavailableBody>;

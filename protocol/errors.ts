import Type, { type Static } from 'typebox';

/** Every error answer of the public API: a stable code and a human message. Never a stack trace. */
export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
});
export type ErrorBody = Static<typeof ErrorBody>;

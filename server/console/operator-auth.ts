import type { FastifyInstance } from 'fastify';
import type { ConsoleConnectError, Role } from '../../protocol';
import type { Operator } from '../operators/operator-directory';

export type OperatorCheck = { ok: true; operator: Operator; expiresAt: number } | { ok: false; error: ConsoleConnectError; message: string };

const ROLES: readonly string[] = ['viewer', 'commander', 'trainer', 'admin'];

/** Checks an operator token (signature, kind, expiry against the app clock). */
export function checkOperatorToken(app: FastifyInstance, token: unknown): OperatorCheck {
  const verified = app.tokens.verify<{ sub: unknown; role: unknown }>('operator', typeof token === 'string' ? token : undefined);
  if (!verified.ok) {
    return verified.reason === 'expired'
      ? { ok: false, error: 'token_expired', message: 'Your session has expired; log in again.' }
      : { ok: false, error: 'invalid_token', message: 'Log in to use the console.' };
  }
  const { sub, role, xp } = verified.claims;
  if (typeof sub !== 'string' || typeof role !== 'string' || !ROLES.includes(role)) {
    return { ok: false, error: 'invalid_token', message: 'Log in to use the console.' };
  }
  return { ok: true, operator: { username: sub, role: role as Role }, expiresAt: xp };
}

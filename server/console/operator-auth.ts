import type { FastifyInstance } from 'fastify';
import type { ConsoleConnectError } from '../../protocol';
import type { Operator } from '../operators/operator-directory';
import { authenticateToken } from '../tokens/token-refusals';

export type OperatorCheck = { ok: true; operator: Operator; expiresAt: number } | { ok: false; error: ConsoleConnectError; message: string };

/** Checks an operator token for a console connection (signature, kind, claims, expiry against the app clock). */
export function checkOperatorToken(app: FastifyInstance, token: unknown): OperatorCheck {
  const outcome = authenticateToken(app.tokens, 'operator', token);
  if (!outcome.ok) return { ok: false, error: outcome.code === 'token_expired' ? 'token_expired' : 'invalid_token', message: outcome.message };
  const { operator, role, expiresAt } = outcome.value;
  return { ok: true, operator: { username: operator, role }, expiresAt };
}

import { refusal, type Outcome, type Refusal } from '../../protocol';
import type { Claims, TokenKind } from './claims';
import type { TokenFailure, Tokens } from './tokens';

/** What each kind of token's holder is told when it does not verify. */
const REFUSALS: Record<TokenKind, Record<TokenFailure, Refusal>> = {
  ticket: {
    invalid: refusal('invalid_ticket', 'This ticket is not valid. Join the queue to get one.'),
    expired: refusal('ticket_expired', 'This ticket has expired. Join the queue again.'),
  },
  access: {
    invalid: refusal('invalid_access', 'Verification needs the access token you get when the waiting room admits you.'),
    expired: refusal('access_expired', 'Your turn has ended. Join the queue again to verify.'),
  },
  identity: {
    invalid: refusal('invalid_identity', 'Booking needs a valid identity token. Verify your identity first.'),
    expired: refusal('identity_expired', 'Your identity verification has expired. Verify again to book.'),
  },
  operator: {
    invalid: refusal('invalid_token', 'Log in to use the console.'),
    expired: refusal('token_expired', 'Your session has expired; log in again.'),
  },
  service: {
    invalid: refusal('invalid_token', 'A service token from POST /api/v1/service/token is needed.'),
    expired: refusal('token_expired', 'The service token has expired; get a new one.'),
  },
};

/** An operator token whose account was removed, disabled or changed since it was issued (or a demo account on a live node). */
export const SESSION_ENDED = refusal('invalid_token', 'Your console session has ended: the account was removed, disabled or changed. Log in again.');

/** Verifies a token of `kind`: its claims, or the refusal its holder is shown. */
export function authenticateToken<K extends TokenKind>(tokens: Tokens, kind: K, token: unknown): Outcome<Claims<K>> {
  const verified = tokens.verify(kind, typeof token === 'string' ? token : undefined);
  return verified.ok ? { ok: true, value: verified.claims } : REFUSALS[kind][verified.reason];
}

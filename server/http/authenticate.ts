import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Refusal } from '../../protocol';
import { isKind, type Claims, type TokenKind } from '../tokens/claims';
import { authenticateToken, SESSION_ENDED } from '../tokens/token-refusals';
import { bearer } from '../tokens/tokens';
import { RefusalError } from './refusal-error';

export interface AuthenticateOptions {
  /** Told of every refused token (booking counts them among its failures). */
  onRefused?: (refusal: Refusal) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * An onRequest hook that admits only a valid Bearer token of `kind` (or of any of the kinds, the
     * first that fits; a refusal is the first kind's) and sets `request.claims`.
     */
    authenticate(kind: TokenKind | readonly TokenKind[], options?: AuthenticateOptions): onRequestHookHandler;
  }
  interface FastifyRequest {
    claims: Claims | null;
  }
}

/** The verified claims of a request that passed `authenticate(kind)`. */
export function claimsOf<K extends TokenKind>(request: FastifyRequest, kind: K): Claims<K> {
  const claims = request.claims;
  if (!claims || !isKind(claims, kind)) throw new Error(`route reads ${kind} claims without authenticate('${kind}')`);
  return claims;
}

/**
 * The one way a route checks a token: runs before the body is parsed, so a stranger learns
 * nothing from validation, and answers the kind's own 401 codes.
 */
export const authenticatePlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('claims', null);
  app.decorate('authenticate', (kind: TokenKind | readonly TokenKind[], options: AuthenticateOptions = {}): onRequestHookHandler => {
    const kinds: readonly TokenKind[] = typeof kind === 'string' ? [kind] : kind;
    return (request, _reply, done) => {
      const token = bearer(request.headers.authorization);
      // The first kind that fits; a refusal is the first kind's. (A loop: this runs on every status poll.)
      let outcome = authenticateToken(app.tokens, kinds[0]!, token);
      for (let i = 1; !outcome.ok && i < kinds.length; i++) {
        const next = authenticateToken(app.tokens, kinds[i]!, token);
        if (next.ok) outcome = next;
      }
      if (!outcome.ok) {
        options.onRefused?.(outcome);
        done(new RefusalError(outcome));
        return;
      }
      request.claims = outcome.value;
      const claims = outcome.value;
      if (!isKind(claims, 'operator')) {
        done();
        return;
      }
      // An operator's token stands only while the account does, unchanged.
      app.operators.session(claims).then(
        (operator) => done(operator ? undefined : new RefusalError(SESSION_ENDED)),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    };
  });
});

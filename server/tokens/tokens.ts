import { createSigner, createVerifier } from 'fast-jwt';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';
import { isClaims, type Claims, type ClaimsBody, type TokenKind } from './claims';

export type TokenFailure = 'invalid' | 'expired';

export type VerifyResult<K extends TokenKind> = { ok: true; claims: Claims<K> } | { ok: false; reason: TokenFailure };

export class Tokens {
  private readonly signer: (payload: Record<string, unknown>) => string;
  private readonly verifier: (token: string) => Record<string, unknown>;
  /**
   * Waiting citizens poll with the same ticket again and again: decoded claims are kept by the
   * token's own text (fast-jwt's cache keys by a SHA of the token, as dear as checking the HMAC).
   */
  private readonly decoded: LRUCache<string, Record<string, unknown>>;

  constructor(
    secret: string,
    private readonly clock: Clock,
    cacheSize = 100_000,
  ) {
    // noTimestamp keeps signing deterministic: the same claims give the same token, which is
    // how repeated polls of an admitted ticket receive one and the same access token.
    this.signer = createSigner({ key: secret, algorithm: 'HS256', noTimestamp: true });
    this.verifier = createVerifier({ key: secret, algorithms: ['HS256'], ignoreExpiration: true });
    this.decoded = new LRUCache({ max: cacheSize });
  }

  sign<K extends TokenKind>(kind: K, claims: ClaimsBody<K>, expiresAt: number): string {
    return this.signer({ ...claims, kind, expiresAt });
  }

  verify<K extends TokenKind>(kind: K, token: string | undefined): VerifyResult<K> {
    if (!token || token.length > 4096) return { ok: false, reason: 'invalid' };
    let claims = this.decoded.get(token);
    if (!claims) {
      try {
        claims = this.verifier(token);
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      this.decoded.set(token, claims);
    }
    if (!isClaims(kind, claims)) return { ok: false, reason: 'invalid' };
    if (claims.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }
}

/** Reads `Authorization: Bearer <token>`. */
export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

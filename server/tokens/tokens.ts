import { createSigner, createVerifier } from 'fast-jwt';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';

/** Each token says what it is, so a ticket can never be used as an access or identity token. */
export type TokenKind = 'ticket' | 'access' | 'identity' | 'operator';

export type TokenFailure = 'invalid' | 'expired';

interface Claims {
  typ: TokenKind;
  /** Expiry in ms since the epoch (checked against the injectable clock, not the wall clock). */
  xp: number;
}

export type VerifyResult<T> = { ok: true; claims: T } | { ok: false; reason: TokenFailure };

export class Tokens {
  private readonly signer: (payload: Record<string, unknown>) => string;
  private readonly verifier: (token: string) => Record<string, unknown>;
  /**
   * Waiting citizens poll with the same ticket again and again: verified claims are kept by the
   * token's own text (fast-jwt's cache keys by a SHA of the token, as dear as checking the HMAC).
   */
  private readonly verified: LRUCache<string, Record<string, unknown>>;

  constructor(
    secret: string,
    private readonly clock: Clock,
    cacheSize = 100_000,
  ) {
    // noTimestamp keeps signing deterministic: the same claims give the same token, which is
    // how repeated polls of an admitted ticket receive one and the same access token.
    this.signer = createSigner({ key: secret, algorithm: 'HS256', noTimestamp: true });
    this.verifier = createVerifier({ key: secret, algorithms: ['HS256'], ignoreExpiration: true });
    this.verified = new LRUCache({ max: cacheSize });
  }

  sign<T extends object>(kind: TokenKind, claims: T, expiresAt: number): string {
    return this.signer({ ...claims, typ: kind, xp: expiresAt });
  }

  verify<T extends object>(kind: TokenKind, token: string | undefined): VerifyResult<T & Claims> {
    if (!token || token.length > 4096) return { ok: false, reason: 'invalid' };
    let claims = this.verified.get(token);
    if (!claims) {
      try {
        claims = this.verifier(token);
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      this.verified.set(token, claims);
    }
    if (claims.typ !== kind || typeof claims.xp !== 'number') return { ok: false, reason: 'invalid' };
    if (claims.xp <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: claims as T & Claims };
  }
}

/** Reads `Authorization: Bearer <token>`. */
export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

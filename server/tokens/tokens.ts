import { hkdfSync } from 'node:crypto';
import { createVerifier } from 'fast-jwt';
import QuickLRU from 'quick-lru';
import type { Mode } from '../../protocol/environment';
import type { Clock } from '../clock';
import { isClaims, type Claims, type ClaimsBody, type TokenKind } from './claims';
import { createHs256Signer } from './hs256-signer';

export type TokenFailure = 'invalid' | 'expired';

export type VerifyResult<K extends TokenKind> = { ok: true; claims: Claims<K> } | { ok: false; reason: TokenFailure };

/** What binds a token to where it was issued. */
export interface TokenScope {
  /** SLUICE_SECRET: never used as a key itself; the operator and citizen keys are derived from it. */
  secret: string;
  /** The deployment's name (SLUICE_DEPLOYMENT); with the mode, the token's issuer. */
  deployment: string;
  mode: Mode;
  /** The store's epoch (`Store.epoch()`). */
  epoch: string;
}

const KINDS: readonly TokenKind[] = ['ticket', 'access', 'identity', 'operator', 'service'];

/** Operator tokens and citizen tokens are signed with different keys, both derived from the one secret. */
export type KeyUse = 'operator' | 'citizen';
export const keyUseOf = (kind: TokenKind): KeyUse => (kind === 'operator' || kind === 'service' ? 'operator' : 'citizen');

/** HKDF-SHA256 of the secret, labelled by use: knowing one derived key tells nothing of the other. */
export function deriveKey(secret: string, use: KeyUse): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'sluice-token-keys-v1', use, 32));
}

/** The issuer every token of a deployment and mode carries. */
export const issuerOf = (scope: Pick<TokenScope, 'deployment' | 'mode'>): string => `sluice:${scope.deployment}:${scope.mode}`;
/** The audience: the token's purpose. */
export const audienceOf = (kind: TokenKind): string => `sluice:${kind}`;

interface KindCodec {
  sign: (payload: Record<string, unknown>) => string;
  verify: (token: string) => Record<string, unknown>;
  /**
   * Waiting citizens poll with the same ticket again and again: a token whose signature verified
   * and whose claims are well formed for the kind is kept with its answer, found by the signature
   * (43 characters: hashing the whole ~450-character token, a new string on every request, cost
   * more than the rest of the lookup) and taken only when the whole token matches. Epoch, mode and
   * expiry are checked on every use. (quick-lru, not the lru-cache the rate limiters share: its
   * lookup cost a status poll 1.4 µs there, 0.05 µs alone.)
   */
  verified: QuickLRU<string, { token: string; answer: { ok: true; claims: Claims } }>;
}

export class Tokens {
  private readonly codecs: Record<TokenKind, KindCodec>;

  constructor(
    private scope: TokenScope,
    private readonly clock: Clock,
    cacheSize = 100_000,
  ) {
    const keys = { operator: deriveKey(scope.secret, 'operator'), citizen: deriveKey(scope.secret, 'citizen') };
    const iss = issuerOf(scope);
    const codec = (kind: TokenKind): KindCodec => {
      const key = keys[keyUseOf(kind)];
      const aud = audienceOf(kind);
      return {
        // noTimestamp keeps signing deterministic: the same claims give the same token, which is
        // how repeated polls of an admitted ticket receive one and the same access token.
        sign: createHs256Signer(key, iss, aud),
        verify: createVerifier({ key, algorithms: ['HS256'], ignoreExpiration: true, allowedIss: iss, allowedAud: aud }),
        verified: new QuickLRU({ maxSize: kind === 'operator' ? 1000 : cacheSize }),
      };
    };
    this.codecs = Object.fromEntries(KINDS.map((kind) => [kind, codec(kind)])) as Record<TokenKind, KindCodec>;
  }

  get epoch(): string {
    return this.scope.epoch;
  }

  /** The store was wiped (a new epoch): every token issued before is refused from now on. */
  adoptEpoch(epoch: string): void {
    this.scope = { ...this.scope, epoch };
  }

  sign<K extends TokenKind>(kind: K, claims: ClaimsBody<K>, expiresAt: number): string {
    // Object.assign, not a spread with extra keys: V8 builds those on a slow path (a join signs one).
    return this.codecs[kind].sign(Object.assign({}, claims, { kind, epoch: this.scope.epoch, mode: this.scope.mode, expiresAt }));
  }

  /** Signature, issuer (deployment and mode), audience (kind), claims of the kind, epoch and mode, then expiry. */
  verify<K extends TokenKind>(kind: K, token: string | undefined): VerifyResult<K> {
    if (!token || token.length > 4096) return { ok: false, reason: 'invalid' };
    const codec = this.codecs[kind];
    const signature = token.slice(token.lastIndexOf('.') + 1);
    let entry = codec.verified.get(signature);
    if (entry === undefined || entry.token !== token) {
      let claims: Record<string, unknown>;
      try {
        claims = codec.verify(token);
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      if (!isClaims(kind, claims)) return { ok: false, reason: 'invalid' };
      entry = { token, answer: { ok: true, claims } };
      codec.verified.set(signature, entry);
    }
    const { claims } = entry.answer;
    if (claims.epoch !== this.scope.epoch || claims.mode !== this.scope.mode) return { ok: false, reason: 'invalid' };
    if (claims.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
    return entry.answer as VerifyResult<K>;
  }
}

/** Reads `Authorization: Bearer <token>`. */
export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  // The form every client sends, without a regular expression over the whole token; anything else the long way.
  if (header.startsWith('Bearer ')) {
    const rest = header.slice(7);
    if (rest.length > 0 && !/\s/.test(rest)) return rest;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

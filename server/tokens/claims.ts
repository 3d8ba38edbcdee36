import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { RoleSchema } from '../../protocol';
import { ModeSchema } from '../../protocol/environment';

const TicketNumber = Type.Integer({ minimum: 1 });

/**
 * What each kind of token says, by readable name. A token of one kind never passes as another
 * (`kind` is signed in), and claims that do not fit their kind's schema are refused.
 */
export const CLAIMS = {
  /** A place in the waiting room. */
  ticket: Type.Object({ ticketNumber: TicketNumber, issuedAt: Type.Number() }),
  /** An admitted, claimed waiting-room session: may verify one identity. */
  access: Type.Object({ ticketNumber: TicketNumber }),
  /** A verified person within an admitted session: may book once. */
  identity: Type.Object({
    ticketNumber: TicketNumber,
    /** YYYY-MM-DD, as the provider confirmed it. */
    birthDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    /** The provider's stable person id (CI). */
    personId: Type.String({ minLength: 1 }),
  }),
  /** An operator's console session. */
  operator: Type.Object({
    operator: Type.String({ minLength: 1 }),
    role: RoleSchema,
    /** The operator record's version at login: removing, disabling or changing the operator moves it on, ending the session. */
    version: Type.Integer({ minimum: 0 }),
  }),
  /** A program's service credential (the drill runner): never a human's, never an operator role. */
  service: Type.Object({ role: Type.Literal('simulator') }),
};

/**
 * What every token carries besides its kind's claims, checked by `Tokens.verify` against this
 * node: the store's epoch (a token from a wiped or other store is refused) and the mode (a
 * training token is refused by a live node). The deployment is signed in as issuer and the kind
 * as audience.
 */
export const COMMON_CLAIMS = Type.Object({
  /** The store instance's id (`Store.epoch()`), created once per store. */
  epoch: Type.String({ minLength: 1 }),
  mode: ModeSchema,
});
export type CommonClaims = Static<typeof COMMON_CLAIMS>;

export type TokenKind = keyof typeof CLAIMS;

/** The claims a caller signs for a kind. */
export type ClaimsBody<K extends TokenKind> = Static<(typeof CLAIMS)[K]>;

/** Verified claims: the body plus what every token carries. */
type AnyClaims = {
  [Kind in TokenKind]: ClaimsBody<Kind> &
    CommonClaims & {
      kind: Kind;
      /** Expiry, ms since the epoch (checked against the app's clock, not the wall clock). */
      expiresAt: number;
    };
}[TokenKind];

export type Claims<K extends TokenKind = TokenKind> = Extract<AnyClaims, { kind: K }>;

const validators = {
  ticket: Compile(CLAIMS.ticket),
  access: Compile(CLAIMS.access),
  identity: Compile(CLAIMS.identity),
  operator: Compile(CLAIMS.operator),
  service: Compile(CLAIMS.service),
};
const common = Compile(COMMON_CLAIMS);

/** Whether decoded claims are a well-formed token of `kind`. */
export function isClaims<K extends TokenKind>(kind: K, value: Record<string, unknown>): value is Claims<K> {
  return value.kind === kind && typeof value.expiresAt === 'number' && validators[kind].Check(value) && common.Check(value);
}

/** Narrows verified claims to one kind. */
export function isKind<K extends TokenKind>(claims: Claims, kind: K): claims is Claims<K> {
  return claims.kind === kind;
}

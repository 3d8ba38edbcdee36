/** The shortest live secret, and the least entropy it must show (estimated from its own characters). */
export const MIN_SECRET_LENGTH = 32;
export const MIN_SECRET_BITS = 128;

export const MAKE_A_SECRET = 'make one with `openssl rand -base64 48` or `node -e "console.log(crypto.randomBytes(48).toString(\'base64url\'))"`';

/**
 * Entropy of `secret` as the attacker would guess it: its length times the Shannon entropy of its
 * character frequencies. A random base64 secret of 48 characters scores about 250 bits; `a`×32 scores 0.
 */
export function estimatedBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** The shortest period the secret repeats with (`abcabcabc` → 3); its length when it does not repeat. */
function period(chars: string[]): number {
  for (let p = 1; p <= chars.length / 2; p++) {
    if (chars.every((c, i) => i < p || c === chars[i - p])) return p;
  }
  return chars.length;
}

/** Why `secret` is too weak to sign live tokens, or null when it will do. */
export function secretWeakness(secret: string | undefined): string | null {
  if (!secret) return 'is required in live mode';
  const chars = [...secret];
  if (chars.length < MIN_SECRET_LENGTH) return `must be at least ${MIN_SECRET_LENGTH} characters (it has ${chars.length})`;
  if (/\s/.test(secret)) return 'must not contain whitespace (a passphrase is guessable; use random bytes)';
  if (period(chars) < chars.length) return 'repeats itself (a pattern, not random bytes)';
  // Runs like `abcdef` or `111111`: neighbours equal or one apart in more than half the places.
  let steps = 0;
  for (let i = 1; i < chars.length; i++) if (Math.abs(chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!) <= 1) steps++;
  if (steps * 2 > chars.length - 1) return 'is a run of neighbouring characters (a pattern, not random bytes)';
  const bits = Math.floor(estimatedBits(secret));
  if (bits < MIN_SECRET_BITS) return `has too little variety (about ${bits} bits; at least ${MIN_SECRET_BITS} needed)`;
  return null;
}

/**
 * A client id gives its holder's ticket back (the July 2021 requeue fix), so it must be as hard
 * to guess as a token: at least 128 bits from a random source. Judged from its own characters:
 * hex ids carry 4 bits a character (32 or more), base64url ids 6 (22 or more); a patterned id
 * (few distinct characters, or a repeating block) is refused whatever its length.
 */
export const MIN_CLIENT_ID_BITS = 128;

const HEX = /^[0-9a-f]+$/i;

function shannonBitsPerChar(chars: string[]): number {
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / chars.length) * Math.log2(n / chars.length);
  return bits;
}

/** Why `clientId` is too weak to stand for a person's place in the queue, or null when it will do. */
export function clientIdWeakness(clientId: string): string | null {
  const chars = [...clientId];
  const bits = chars.length * (HEX.test(clientId) ? 4 : 6);
  if (bits < MIN_CLIENT_ID_BITS) {
    return `must carry at least ${MIN_CLIENT_ID_BITS} random bits: 32 hex or 22 base64url characters (crypto.getRandomValues), not ${chars.length} characters`;
  }
  // Random ids of this length use many different characters; counters and patterns do not.
  if (shannonBitsPerChar(chars) < 2.5) return 'is a pattern, not a random id: make it with crypto.getRandomValues';
  return null;
}

/**
 * A client id gives its holder's ticket back (the July 2021 requeue fix), so it must be as hard
 * to guess as a token: at least 128 bits from a random source. Judged from its own characters:
 * hex ids carry 4 bits a character (32 or more), base64url ids 6 (22 or more); a patterned id
 * (few distinct characters, or a repeating block) is refused whatever its length.
 */
export const MIN_CLIENT_ID_BITS = 128;

const HEX = /^[0-9a-f]+$/i;

/** Counts by character code, reused: ids are ASCII (the join schema allows [A-Za-z0-9_-] only). */
const counts = new Uint16Array(128);

/** Shannon entropy of the id's characters, in bits a character. */
function shannonBitsPerChar(id: string): number {
  const n = Math.min(id.length, 65_535);
  for (let i = 0; i < n; i++) counts[id.charCodeAt(i) & 127]!++;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i) & 127;
    const k = counts[c]!;
    if (k === 0) continue;
    bits -= (k / n) * Math.log2(k / n);
    counts[c] = 0;
  }
  return bits;
}

/** Why `clientId` is too weak to stand for a person's place in the queue, or null when it will do. */
export function clientIdWeakness(clientId: string): string | null {
  const bits = clientId.length * (HEX.test(clientId) ? 4 : 6);
  if (bits < MIN_CLIENT_ID_BITS) {
    return `must carry at least ${MIN_CLIENT_ID_BITS} random bits: 32 hex or 22 base64url characters (crypto.getRandomValues), not ${clientId.length} characters`;
  }
  // Random ids of this length use many different characters; counters and patterns do not.
  if (shannonBitsPerChar(clientId) < 2.5) return 'is a pattern, not a random id: make it with crypto.getRandomValues';
  return null;
}

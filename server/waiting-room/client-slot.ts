import { hash } from 'node:crypto';
import type { ClientSlot } from '../store';

/** 2^15 small hashes keep ~60 clients each at 2 M clients: listpack-encoded, ~15 bytes a client. */
export const CLIENT_BUCKETS = 32_768;

export function clientSlot(clientId: string | undefined): ClientSlot | null {
  if (!clientId) return null;
  // One-shot hash: a third of createHash().update().digest() on every join.
  const digest = hash('sha256', clientId, 'buffer');
  return { bucket: digest.readUInt16BE(0) % CLIENT_BUCKETS, digest: digest.subarray(2, 10) };
}

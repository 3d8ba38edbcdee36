import { createHash } from 'node:crypto';
import type { ClientSlot } from '../store';

/** 2^15 small hashes keep ~60 clients each at 2 M clients: listpack-encoded, ~15 bytes a client. */
export const CLIENT_BUCKETS = 32_768;

export function clientSlot(clientId: string | undefined): ClientSlot | null {
  if (!clientId) return null;
  const digest = createHash('sha256').update(clientId).digest();
  return { bucket: digest.readUInt16BE(0) % CLIENT_BUCKETS, digest: digest.subarray(2, 10) };
}

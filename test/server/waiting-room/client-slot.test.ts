import { hash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLIENT_BUCKETS, clientSlot } from '../../../server/waiting-room/client-slot';

describe('clientSlot', () => {
  it('gives no slot to a join without a client id', () => {
    expect([clientSlot(undefined), clientSlot('')]).toEqual([null, null]);
  });

  it('is the bucket and eight 7-bit characters of the id’s SHA-256, the same on every node', () => {
    const id = 'k3J9x2mQ7vT4pL8wZ1nR6yB5';
    const sha = hash('sha256', id, 'buffer');
    expect(clientSlot(id)).toEqual({
      bucket: sha.readUInt16BE(0) % CLIENT_BUCKETS,
      digest: String.fromCharCode(...[...sha.subarray(2, 10)].map((b) => b & 0x7f)),
    });
  });

  it('keeps every digest one byte a character in Redis, and 100,000 clients apart', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const slot = clientSlot(randomBytes(16).toString('base64url'))!;
      expect([...slot.digest].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
      expect(Buffer.byteLength(slot.digest, 'utf8')).toBe(8);
      expect(slot.bucket).toBeLessThan(CLIENT_BUCKETS);
      seen.add(`${slot.bucket}:${slot.digest}`);
    }
    expect(seen.size).toBe(100_000);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientIdWeakness } from '../../../server/waiting-room/client-id';

describe('client ids stand for a place in the queue, so they must be unguessable', () => {
  it('accepts 128 random bits as 22 base64url or 32 hex characters', () => {
    for (let i = 0; i < 200; i++) {
      expect(clientIdWeakness(randomBytes(16).toString('base64url'))).toBeNull();
      expect(clientIdWeakness(randomBytes(16).toString('hex'))).toBeNull();
    }
  });

  it('refuses counters, short hex, UUID-shaped patterns and repeated blocks', () => {
    expect(clientIdWeakness('phone-0001')).toMatch(/at least 128 random bits/);
    expect(clientIdWeakness(randomBytes(8).toString('hex'))).toMatch(/at least 128 random bits/);
    expect(clientIdWeakness(randomBytes(15).toString('hex'))).toMatch(/at least 128 random bits/);
    expect(clientIdWeakness('c0ffee00-0000-4000-8000-000000000001')).toMatch(/pattern/);
    expect(clientIdWeakness('xyxyxyxyxyxyxyxyxyxyxyxy')).toMatch(/pattern/);
    expect(clientIdWeakness('client-000000000000000001')).toMatch(/pattern/);
    // A v4 UUID (122 random bits, the browser's crypto.randomUUID()) is accepted: close enough to the bar to keep.
    expect(clientIdWeakness(randomUUID())).toBeNull();
  });
});

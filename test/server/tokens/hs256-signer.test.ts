import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createSigner, createVerifier } from 'fast-jwt';
import { describe, expect, it } from 'vitest';
import { createHs256Signer } from '../../../server/tokens/hs256-signer';

const claim = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean(), fc.constant(null));

describe('the HS256 signer', () => {
  it('makes byte for byte the token fast-jwt signs (noTimestamp, iss, aud), which fast-jwt verifies', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), fc.string(), fc.dictionary(fc.string(), claim), (key, iss, aud, payload) => {
        const k = Buffer.from(key);
        // fast-jwt leaves iat/exp/nbf its own way; our tokens carry expiresAt instead.
        for (const reserved of ['iat', 'exp', 'nbf', 'aud', 'iss', 'jti', 'sub', 'nonce', '__proto__']) delete payload[reserved];
        const ours = createHs256Signer(k, iss || 'i', aud || 'a')(payload);
        const theirs = createSigner({ key: k, algorithm: 'HS256', noTimestamp: true, iss: iss || 'i', aud: aud || 'a' })(payload);
        expect(ours).toBe(theirs);
        expect(createVerifier({ key: k, algorithms: ['HS256'], ignoreExpiration: true })(ours)).toEqual({
          ...(JSON.parse(JSON.stringify(payload)) as object),
          aud: aud || 'a',
          iss: iss || 'i',
        });
      }),
      { numRuns: 300 },
    );
  });

  it('signs the claims Sluice tokens carry exactly as fast-jwt does', () => {
    const key = randomBytes(32);
    const claims = {
      ticketNumber: 1_234_567,
      issuedAt: 1_795_967_386_958,
      kind: 'ticket',
      epoch: '3ef2c986-4357-40c3-8f12-720c3ddf3a0d',
      mode: 'live',
      expiresAt: 1_796_010_586_958,
    };
    const sign = createHs256Signer(key, 'sluice:seoul:live', 'sluice:ticket');
    expect(sign(claims)).toBe(createSigner({ key, algorithm: 'HS256', noTimestamp: true, iss: 'sluice:seoul:live', aud: 'sluice:ticket' })(claims));
    // A different key signs differently (the key is used, not cached across signers).
    expect(createHs256Signer(randomBytes(32), 'sluice:seoul:live', 'sluice:ticket')(claims).split('.')[2]).not.toBe(sign(claims).split('.')[2]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearer } from '../../../server/tokens/tokens';

/** The definition: "Bearer", any case, whitespace, then one token with no whitespace in it. */
const reference = (header: string | undefined) => (header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined);

describe('bearer', () => {
  it('reads exactly what the definition reads, for any header', () => {
    const piece = fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', ' ', '  ', '\t', '\u00a0', 'eyJ.a_b-c', '.', '', 'x y');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
          fc.string(),
          fc.constant(undefined),
        ),
        (header) => {
          expect(bearer(header)).toBe(reference(header));
        },
      ),
      { numRuns: 2000 },
    );
    expect(bearer('Bearer eyJ.abc.def')).toBe('eyJ.abc.def');
    expect(bearer('Bearer  eyJ.abc.def')).toBe('eyJ.abc.def');
    expect(bearer('Bearer eyJ abc')).toBeUndefined();
  });
});

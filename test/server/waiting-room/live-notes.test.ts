import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveNotes } from '../../../server/waiting-room/live-notes';

describe('LiveNotes', () => {
  it('hands over each number noted since the last take exactly once, however often it was noted', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 200 }), { maxLength: 5 }),
        fc.integer({ min: 2, max: 64 }),
        (rounds, compactAt) => {
          const notes = new LiveNotes(compactAt);
          for (const round of rounds) {
            for (const n of round) notes.note(n);
            expect(notes.take().sort((a, b) => a - b)).toEqual([...new Set(round)].sort((a, b) => a - b));
            expect(notes.size).toBe(0);
          }
        },
      ),
    );
  });

  it('keeps only distinct numbers once the notes pile up', () => {
    const notes = new LiveNotes(100);
    for (let i = 0; i < 10_000; i++) notes.note(i % 7);
    expect(notes.size).toBeLessThan(100);
    expect(notes.take().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

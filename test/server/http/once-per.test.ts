import { describe, expect, it } from 'vitest';
import { OncePer } from '../../../server/http/once-per';

describe('OncePer', () => {
  it('lets the first through, then one per interval, each carrying how many were left out since the last', () => {
    let now = 1000;
    const gate = new OncePer(10_000, () => now);
    expect(gate.take()).toBe(0);
    const inside: (number | null)[] = [];
    for (now = 1001; now < 11_000; now += 1000) inside.push(gate.take());
    expect(inside).toEqual(Array(10).fill(null));
    now = 11_000;
    expect(gate.take()).toBe(10);
    expect(gate.take()).toBeNull();
    now = 60_000;
    expect(gate.take()).toBe(1);
    now = 70_000;
    expect(gate.take()).toBe(0);
  });
});

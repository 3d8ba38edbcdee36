import { describe, expect, it } from 'vitest';
import { etaRangeParts, etaRangeValue } from '../../../renderer/format/etaRange';

const shown = (minSec: number, maxSec: number) => {
  const parts = etaRangeParts(minSec, maxSec);
  return `${etaRangeValue(parts)} ${parts.unit}`;
};

describe('the headline ETA range', () => {
  it('keeps seconds under a minute and a half', () => {
    expect(shown(40, 55)).toBe('40–55 s');
    expect(shown(0, 89.2)).toBe('0–90 s');
  });

  it('rounds minutes outwards (low down, high up) under three hours, and collapses equal ends', () => {
    expect(shown(107, 133)).toBe('1–3 m');
    expect(shown(1800, 2400)).toBe('30–40 m');
    expect(shown(125, 175)).toBe('2–3 m');
    expect(shown(180, 180)).toBe('3 m');
    expect(shown(10_000, 10_700)).toBe('166–179 m');
  });

  it('turns to hours with one decimal from three hours, rounded outwards', () => {
    expect(shown(3 * 3600, 3.26 * 3600)).toBe('3.0–3.3 h');
    expect(shown(50 * 3600, 50.04 * 3600)).toBe('50.0–50.1 h');
  });

  it('never shows a low end above the high end', () => {
    expect(shown(200, 100)).toBe('1–2 m');
  });
});

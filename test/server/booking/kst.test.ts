import { describe, expect, it } from 'vitest';
import { formatKst, formatKstSeconds } from '../../../server/booking/kst';

describe('Korea Standard Time formats', () => {
  it('writes 11:00:05 UTC as 20:00:05 in Seoul, with the offset, across midnight too', () => {
    expect(formatKstSeconds(Date.UTC(2021, 7, 9, 11, 0, 5))).toBe('2021-08-09 20:00:05 +09:00');
    expect(formatKstSeconds(Date.UTC(2021, 7, 9, 15, 30, 0))).toBe('2021-08-10 00:30:00 +09:00');
    expect(formatKst(Date.UTC(2021, 7, 9, 11, 0, 5))).toBe('2021-08-09 20:00 KST');
  });
});

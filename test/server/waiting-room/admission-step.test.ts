import { describe, expect, it } from 'vitest';
import { admissionStep, MAX_TICK_ELAPSED_MS } from '../../../server/store/admission-step';
import { estimateEta, pollDelayMs } from '../../../protocol';

describe('admission step', () => {
  it('admits rate x elapsed and carries the fraction', () => {
    expect(admissionStep({ credit: 0, ratePerSec: 10, elapsedMs: 250, room: 100, waiting: 100 })).toEqual({ admit: 2, credit: 0.5 });
    expect(admissionStep({ credit: 0.5, ratePerSec: 10, elapsedMs: 50, room: 100, waiting: 100 })).toEqual({ admit: 1, credit: 0 });
  });

  it('drops credit instead of banking it when capacity or the queue limits the step', () => {
    expect(admissionStep({ credit: 0, ratePerSec: 100, elapsedMs: 1000, room: 3, waiting: 50 })).toEqual({ admit: 3, credit: 0 });
    expect(admissionStep({ credit: 0, ratePerSec: 100, elapsedMs: 1000, room: 50, waiting: 2 })).toEqual({ admit: 2, credit: 0 });
    expect(admissionStep({ credit: 0, ratePerSec: 100, elapsedMs: 1000, room: -5, waiting: 2 })).toEqual({ admit: 0, credit: 0 });
  });

  it('caps a long gap so an outage is not followed by a burst', () => {
    const step = admissionStep({ credit: 0, ratePerSec: 10, elapsedMs: 60_000, room: 1e6, waiting: 1e6 });
    expect(step.admit).toBe((10 * MAX_TICK_ELAPSED_MS) / 1000);
  });
});

describe('ETA and poll delay', () => {
  it('gives a range from the set rate to the achieved rate', () => {
    expect(estimateEta(1000, 100, 50)).toEqual({ minSec: 9, maxSec: 22 });
    expect(estimateEta(1000, 100, null)).toEqual({ minSec: 9, maxSec: 11 });
    expect(estimateEta(0, 100, 50)).toEqual({ minSec: 0, maxSec: 0 });
    expect(estimateEta(10, 0, null)).toBeNull();
  });

  it('polls often near the front and rarely far back', () => {
    const mid = () => 0.5;
    expect(pollDelayMs(5, 100, 20_000, mid)).toBe(1000);
    expect(pollDelayMs(1_000_000, 100, 20_000, mid)).toBe(20_000);
  });
});

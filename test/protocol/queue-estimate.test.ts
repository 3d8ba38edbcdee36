import { describe, expect, it } from 'vitest';
import { clockOffsetMs, estimateEta, estimateFromState, MAX_STATE_DELAY_MS, nextStateDelayMs, type QueueStateReply } from '../../protocol';

const NOW = 1_800_000_000_000;
const middle = () => 0.5; // no jitter

function state(overrides: Partial<QueueStateReply> = {}): QueueStateReply {
  return {
    head: 1000,
    tail: 50_000,
    gate: 'open',
    admissionRatePerSec: 100,
    observedRatePerSec: 80,
    claimWindowSec: 120,
    serverTime: NOW,
    updatedAt: NOW - 50,
    refreshAfterMs: 1000,
    notices: [],
    heartbeat: { sampleEvery: 32, intervalSec: 30 },
    ...overrides,
  };
}

describe('the client estimator (the same arithmetic as the server)', () => {
  it('computes position and the ETA range exactly as the server does for the same head and rates', () => {
    const s = state();
    for (const number of [1001, 1500, 4000, 49_999]) {
      const mine = estimateFromState(s, number, { now: NOW, random: middle });
      expect(mine.position).toBe(number - 1000);
      expect(mine.eta).toEqual(estimateEta(number - 1000, 100, 80));
      expect(mine.turn).toBe(false);
    }
    expect(estimateFromState(s, 3000, { now: NOW, random: middle }).eta).toEqual({ minSec: 18, maxSec: 28 });
  });

  it('says it is the turn once number <= head, and to claim at once', () => {
    expect(estimateFromState(state(), 1000, { now: NOW })).toMatchObject({ turn: true, position: 0, nextStateAfterMs: 0, eta: { minSec: 0, maxSec: 0 } });
    expect(estimateFromState(state(), 12, { now: NOW }).turn).toBe(true);
  });

  it('counts the ETA down by the age of a cached state, by the corrected clock, at most 5 s', () => {
    const s = state();
    // The client's clock runs 7 s behind the server's; the state was built 3 s ago.
    const offsetMs = clockOffsetMs({ serverTime: NOW }, NOW - 7000);
    expect(offsetMs).toBe(7000);
    const aged = estimateFromState(s, 3000, { now: NOW - 7000 + 3000, offsetMs, random: middle });
    expect(aged.eta).toEqual({ minSec: 15, maxSec: 25 });
    const veryOld = estimateFromState(s, 3000, { now: NOW + 60_000, random: middle });
    expect(veryOld.eta).toEqual({ minSec: 13, maxSec: 23 });
    // Paused: nothing moves, so nothing is counted off.
    expect(estimateFromState(state({ gate: 'paused' }), 3000, { now: NOW + 3000 }).eta).toEqual({ minSec: 18, maxSec: 28 });
  });

  it('fetches the state again after a quarter of the shortest wait: every second near the front, rarely far back, never past half a claim window', () => {
    const s = state();
    expect(estimateFromState(s, 1100, { now: NOW, random: middle }).nextStateAfterMs).toBe(1000);
    expect(estimateFromState(s, 5000, { now: NOW, random: middle }).nextStateAfterMs).toBe(9000); // minSec 36
    expect(estimateFromState(s, 900_000, { now: NOW, random: middle }).nextStateAfterMs).toBe(MAX_STATE_DELAY_MS);
    expect(estimateFromState(state({ claimWindowSec: 30 }), 900_000, { now: NOW, random: middle }).nextStateAfterMs).toBe(15_000);
    // Nobody admitted (rate 0): the ceiling, so a resumed queue is seen within half a claim window.
    expect(nextStateDelayMs(s, null, middle)).toBe(MAX_STATE_DELAY_MS);
    expect(nextStateDelayMs(s, { minSec: 100, maxSec: 200 }, () => 0)).toBe(22_500);
    expect(nextStateDelayMs(s, { minSec: 100, maxSec: 200 }, () => 1)).toBe(27_500);
  });

  it('tells a ticket whether it is in the heartbeat sample', () => {
    expect(estimateFromState(state(), 3200, { now: NOW }).heartbeat).toBe(true);
    expect(estimateFromState(state(), 3201, { now: NOW }).heartbeat).toBe(false);
    expect(estimateFromState(state({ heartbeat: undefined }), 3200, { now: NOW }).heartbeat).toBe(false);
  });
});

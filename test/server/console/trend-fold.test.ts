import { describe, expect, it } from 'vitest';
import { foldTrend, type TrendPoint } from '../../../protocol';

const point = (at: number, joined: number, depth: number, bookedTotal: number): TrendPoint => ({
  at,
  concurrency: depth,
  waitingLive: 0,
  active: 0,
  depth,
  joined,
  admitted: joined / 2,
  abandoned: 0,
  rateSet: 100,
  etaMaxSec: null,
  booked: 1,
  bookedTotal,
  failures: 0,
  seatsLeft: 1000 - bookedTotal,
  providers: {
    phone: { p95: depth, successPct: 99, inflight: 1 },
    ipin: { p95: null, successPct: null, inflight: 0 },
    jointcert: { p95: null, successPct: null, inflight: 0 },
    naver: { p95: null, successPct: null, inflight: 0 },
    kakao: { p95: null, successPct: null, inflight: 0 },
    pass: { p95: null, successPct: null, inflight: 0 },
  },
});

describe('a bucket folded from its seconds', () => {
  it('averages the rates and keeps the last counters and gauges, at the bucket start', () => {
    const folded = foldTrend([point(10_001_000, 10, 5, 100), point(10_002_000, 20, 7, 101), point(10_003_000, 33, 9, 103)], 10_000_000);
    expect(folded.at).toBe(10_000_000);
    expect(folded.joined).toBe(21);
    expect(folded.admitted).toBe(10.5);
    expect(folded.depth).toBe(9);
    expect(folded.bookedTotal).toBe(103);
    expect(folded.seatsLeft).toBe(897);
    expect(folded.providers.phone.p95).toBe(9);
  });
});

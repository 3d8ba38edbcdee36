import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY_CONFIG } from '../../../server/identity/identity-config';
import { CallCounts } from '../../../server/identity/call-counts';
import { latencyBin, latencyQuantile, LATENCY_BINS } from '../../../server/identity/latency-histogram';
import { healthOf, lightOf, sumGauges, sumWindow, type ProviderGauges } from '../../../server/identity/provider-health';

const T = DEFAULT_IDENTITY_CONFIG.lights;
const CLOSED: ProviderGauges = { inflight: 0, circuit: 'closed' };

function windowOf(calls: { outcome: 'ok' | 'rejected' | 'error' | 'timeout' | 'busy'; ms?: number; n: number }[]) {
  const tally = new CallCounts();
  for (const c of calls) for (let i = 0; i < c.n; i++) tally.record(100, 'kakao', c.outcome, c.outcome === 'busy' ? undefined : (c.ms ?? 100));
  return sumWindow(
    tally.drain().map((b) => b.counts),
    'kakao',
  );
}

describe('latency quantiles from merged bins', () => {
  it('finds p50 and p95 inside the right bins, and null without samples', () => {
    const bins = new Array<number>(LATENCY_BINS).fill(0);
    bins[latencyBin(40)] = 90;
    bins[latencyBin(2500)] = 10;
    expect(latencyQuantile(bins, 0.5)).toBeGreaterThan(25);
    expect(latencyQuantile(bins, 0.5)).toBeLessThanOrEqual(50);
    expect(latencyQuantile(bins, 0.95)).toBeGreaterThan(2000);
    expect(latencyQuantile(bins, 0.95)).toBeLessThanOrEqual(3000);
    expect(latencyQuantile(new Array<number>(LATENCY_BINS).fill(0), 0.95)).toBeNull();
  });

  it('gives the same quantile for counts split across nodes as for one node', () => {
    const one = new CallCounts();
    const a = new CallCounts();
    const b = new CallCounts();
    for (let i = 0; i < 100; i++) {
      one.record(5, 'naver', 'ok', i * 7);
      (i % 2 ? a : b).record(5, 'naver', 'ok', i * 7);
    }
    const whole = sumWindow(
      one.drain().map((x) => x.counts),
      'naver',
    );
    const merged = sumWindow(
      [...a.drain(), ...b.drain()].map((x) => x.counts),
      'naver',
    );
    expect(merged).toEqual(whole);
  });
});

describe('provider light', () => {
  it('is green when calls succeed quickly, and when there are too few calls to judge', () => {
    expect(lightOf(windowOf([{ outcome: 'ok', n: 50 }]), CLOSED, true, T)).toBe('green');
    expect(lightOf(windowOf([{ outcome: 'error', n: 2 }]), CLOSED, true, T)).toBe('green');
  });

  it('is yellow when p95 latency passes the threshold or a few calls fail', () => {
    expect(lightOf(windowOf([{ outcome: 'ok', ms: T.yellowP95Ms * 2, n: 20 }]), CLOSED, true, T)).toBe('yellow');
    expect(
      lightOf(
        windowOf([
          { outcome: 'ok', n: 90 },
          { outcome: 'error', n: 10 },
        ]),
        CLOSED,
        true,
        T,
      ),
    ).toBe('yellow');
  });

  it('is red when the success rate falls below the red threshold, calls time out, or the lane is congested', () => {
    expect(
      lightOf(
        windowOf([
          { outcome: 'ok', n: 60 },
          { outcome: 'error', n: 40 },
        ]),
        CLOSED,
        true,
        T,
      ),
    ).toBe('red');
    expect(
      lightOf(
        windowOf([
          { outcome: 'ok', n: 85 },
          { outcome: 'timeout', n: 15 },
        ]),
        CLOSED,
        true,
        T,
      ),
    ).toBe('red');
    expect(
      lightOf(
        windowOf([
          { outcome: 'ok', n: 50 },
          { outcome: 'busy', n: 50 },
        ]),
        CLOSED,
        true,
        T,
      ),
    ).toBe('red');
  });

  it('counts a provider that says "no such person" as answering, not failing', () => {
    expect(lightOf(windowOf([{ outcome: 'rejected', n: 50 }]), CLOSED, true, T)).toBe('green');
  });

  it('is red while any node holds its circuit open or half-open, and off when a commander disabled it', () => {
    const healthy = windowOf([{ outcome: 'ok', n: 50 }]);
    const gauges = sumGauges([{ 'kakao.inflight': 2 }, { 'kakao.open': 1, 'kakao.inflight': 1 }], 'kakao');
    expect(gauges).toEqual({ inflight: 3, circuit: 'open' });
    expect(lightOf(healthy, gauges, true, T)).toBe('red');
    expect(lightOf(healthy, sumGauges([{ 'kakao.halfOpen': 1 }], 'kakao'), true, T)).toBe('red');
    expect(lightOf(healthy, CLOSED, false, T)).toBe('off');
  });

  it('reports rates and counts over the window', () => {
    const w = windowOf([
      { outcome: 'ok', n: 24 },
      { outcome: 'error', n: 3 },
      { outcome: 'timeout', n: 3 },
    ]);
    expect(healthOf('kakao', w, CLOSED, 'red', 10, 5)).toMatchObject({
      id: 'kakao',
      successRate: 0.8,
      requestsPerSec: 3,
      requests: 30,
      measured: true,
      errors: 3,
      timeouts: 3,
      circuit: 'closed',
      windowSec: 10,
    });
    expect(healthOf('kakao', w, CLOSED, 'red', 10, 31)).toMatchObject({ requests: 30, measured: false });
  });
});

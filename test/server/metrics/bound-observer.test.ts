import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { boundObserver } from '../../../server/metrics/bound-observer';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const histogram = () =>
  new Histogram({ name: 'h', help: 'h', labelNames: ['method', 'route', 'status'] as const, buckets: BUCKETS, registers: [new Registry()] });
const values = fc.array(fc.oneof(fc.constantFrom(...BUCKETS, 0, -1, 3, 1e9), fc.double({ min: -1, max: 5, noNaN: true })), { maxLength: 200 });

describe('boundObserver', () => {
  it('leaves the histogram exactly as labels().observe() does, for any values, label sets and resets', async () => {
    await fc.assert(
      fc.asyncProperty(values, values, fc.integer({ min: 0, max: 3 }), async (before, after, resetAt) => {
        const ours = histogram();
        const theirs = histogram();
        const labels = [
          { method: 'GET', route: '/api/v1/queue/status', status: '200' },
          { method: 'POST', route: '/api/v1/queue/join', status: '200' },
        ];
        const observers = labels.map((l) => boundObserver(ours, l));
        const feed = (xs: number[]) =>
          xs.forEach((x, i) => {
            observers[i % 2]!(x);
            theirs.labels(labels[i % 2]!).observe(x);
          });
        feed(before);
        if (resetAt === 1) [ours, theirs].forEach((h) => h.reset());
        if (resetAt === 2) [ours, theirs].forEach((h) => h.zero(labels[0]!));
        feed(after);
        expect((await ours.get()).values).toEqual((await theirs.get()).values);
      }),
      { numRuns: 200 },
    );
  });

  it('counts into the right buckets (a value on a bound counts in it; above the last, only in +Inf)', async () => {
    const h = histogram();
    const observe = boundObserver(h, { method: 'GET', route: '/x', status: '200' });
    for (const v of [0.001, 0.0011, 2.5, 7]) observe(v);
    const buckets = Object.fromEntries(
      (await h.get()).values.filter((v) => v.metricName === 'h_bucket').map((v) => [String((v.labels as Record<string, unknown>).le), v.value]),
    );
    expect(buckets).toMatchObject({ '0.001': 1, '0.0025': 2, '1': 2, '2.5': 3, '+Inf': 4 });
    expect(() => observe(Number.NaN)).toThrow(TypeError);
  });
});

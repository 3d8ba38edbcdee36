import { describe, expect, it } from 'vitest';
import { bucketRows, downsample, MAX_POINTS, type Row } from '../../../renderer/series/downsample';
import { itemSecondsBefore, sliceWindow } from '../../../renderer/series/timeWindow';

const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ at: i * 1000, v: i % 2 === 0 ? 10 : 20, gap: i < n / 2 ? null : 5 }));

describe('downsampling', () => {
  it('leaves a short window as it is, one row per sample', () => {
    const short = rows(MAX_POINTS);
    expect(downsample(short)).toEqual(short);
  });

  it('keeps its buckets when the window slides by a second, so the line does not shimmer', () => {
    const before = downsample(rows(7200).slice(0, 7199));
    const after = downsample(rows(7200).slice(1));
    expect(after.slice(1, -1)).toEqual(before.slice(1, -1));
  });

  it('averages a two-hour window into at most MAX_POINTS points per series, keeping means and time span', () => {
    const long = rows(7200);
    const out = downsample(long);
    expect(out.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(out.length).toBeGreaterThan(MAX_POINTS * 0.9);
    expect(out.every((r) => r.v === 15)).toBe(true);
    expect(out[0]?.gap).toBeNull();
    expect(out.at(-1)?.gap).toBe(5);
    expect(out[0]!.at).toBeLessThan(60_000);
    expect(out.at(-1)!.at).toBeGreaterThan(7_100_000);
  });
});

describe('holes in the record', () => {
  it('break the line where no snapshot came for more than 3 s, however long the window', () => {
    const withHole = rows(150).filter((r) => r.at < 100_000 || r.at >= 110_000);
    const short = downsample(withHole);
    const hole = short.findIndex((r) => r.v === null);
    expect(hole).toBeGreaterThan(0);
    expect(short[hole - 1]?.at).toBe(99_000);
    expect(short[hole + 1]?.at).toBe(110_000);

    const long = downsample(rows(7200).filter((r) => r.at < 3_000_000 || r.at >= 3_600_000));
    const gaps = long.filter((r) => r.v === null);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.at).toBeGreaterThanOrEqual(3_000_000);
    expect(gaps[0]!.at).toBeLessThan(3_600_000);
  });

  it('break the line for a hole shorter than a bucket, wherever the bucket edges fall', () => {
    // 15 minutes in 5 s buckets; 6 s with no snapshot leaves no bucket empty.
    const withHole = rows(900).filter((r) => r.at <= 401_000 || r.at >= 408_000);
    for (const offsetMs of [0, 1000, 2000, 3000, 4000]) {
      for (const wholeBucketsOnly of [false, true]) {
        const out = bucketRows(withHole, ['v'], (r, into) => (into.v = r.v ?? null), { offsetMs, wholeBucketsOnly });
        const hole = out.findIndex((r) => r.v === null);
        expect([offsetMs, wholeBucketsOnly, out.filter((r) => r.v === null).map((r) => r.at)]).toEqual([offsetMs, wholeBucketsOnly, [402_000]]);
        expect(out[hole - 1]!.at).toBeLessThanOrEqual(401_000);
        expect(out[hole + 1]!.at).toBeGreaterThanOrEqual(408_000);
        expect(out.map((r) => r.at)).toEqual([...out.map((r) => r.at)].sort((a, b) => a - b));
      }
    }
    // A console that fetched a coarse past still breaks the line at a short hole in the live record.
    const past: Row[] = Array.from({ length: 100 }, (_, i) => ({ at: i * 5000, v: 1 }));
    const live: Row[] = rows(150)
      .map((r): Row => ({ ...r, at: 500_000 + r.at }))
      .filter((r) => r.at <= 560_000 || r.at >= 565_000);
    const mixed = bucketRows<Row>([...past, ...live], ['v'], (r, into) => (into.v = r.v ?? null), { past: { until: 500_000, gapMs: 12_500 } });
    expect(mixed.filter((r) => r.v === null).map((r) => r.at)).toEqual([561_000]);

    // A bucket emptied by a longer hole still gives one break, not two.
    const long = downsample(rows(900).filter((r) => r.at <= 401_000 || r.at >= 420_000));
    expect(long.filter((r) => r.v === null).map((r) => r.at)).toEqual([402_000]);
  });
});

describe('time windows', () => {
  it('takes the last 5 or 15 minutes, or everything since the drill started', () => {
    const all = rows(3600);
    expect(sliceWindow(all, '5m', null)).toHaveLength(301);
    expect(sliceWindow(all, '15m', null)).toHaveLength(901);
    expect(sliceWindow(all, 'drill', 1_000_000)).toHaveLength(2600);
    expect(sliceWindow(all, 'drill', null)).toHaveLength(3600);
    expect(itemSecondsBefore(all, 60)?.at).toBe(3599_000 - 60_000);
  });
});

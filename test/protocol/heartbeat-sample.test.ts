import { describe, expect, it } from 'vitest';
import { inHeartbeatSample, liveFromSample } from '../../protocol';

describe('heartbeat sample', () => {
  it('takes exactly one ticket in sampleEvery, by number', () => {
    const sampled = Array.from({ length: 3200 }, (_, i) => i + 1).filter((n) => inHeartbeatSample(n, 32));
    expect(sampled.length).toBe(100);
    expect(sampled.slice(0, 3)).toEqual([32, 64, 96]);
    expect(inHeartbeatSample(0, 32)).toBe(false);
    expect(inHeartbeatSample(7, 1)).toBe(true);
  });

  it('scales the sampled count up with a 95 % binomial + HyperLogLog bound', () => {
    // 100 heard, 1 in 32: N̂ = 3200; variance 31·3200 + (0.0081·3200)² = 99200 + 671.8464; margin ⌈1.96·√99871.8464⌉ = 620
    expect(liveFromSample(100, 32)).toEqual({ value: 3200, low: 2580, high: 3820, sampled: 100, sampleEvery: 32 });
    // 2 M waiting: 62,500 heard; variance 31·2e6 + 16200² = 62e6 + 262.44e6; margin ⌈1.96·18012.22⌉ = 35304
    expect(liveFromSample(62_500, 32)).toEqual({ value: 2_000_000, low: 1_964_696, high: 2_035_304, sampled: 62_500, sampleEvery: 32 });
    // None heard: the bound still says how many could hide below the sample (N taken as at least s).
    expect(liveFromSample(0, 32)).toEqual({ value: 0, low: 0, high: 62, sampled: 0, sampleEvery: 32 });
    // Everyone beats: only the HyperLogLog's own error.
    expect(liveFromSample(1000, 1)).toEqual({ value: 1000, low: 984, high: 1016, sampled: 1000, sampleEvery: 1 });
  });
});

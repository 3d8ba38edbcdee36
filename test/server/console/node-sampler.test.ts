import { describe, expect, it } from 'vitest';
import { NodeSampler } from '../../../server/console/node-sampler';

describe('node sampler', () => {
  it('reports responses served since the previous sample as requests per second', () => {
    let served = 1000;
    let elapsedMs = 0;
    const sampler = new NodeSampler(
      'node-x',
      () => served,
      () => elapsedMs,
    );
    try {
      served += 50;
      elapsedMs += 250;
      const first = sampler.sample(Date.now(), 3);
      expect(first.id).toBe('node-x');
      expect(first.sockets).toBe(3);
      // 50 responses in a quarter of a second: 200 a second, never the 1,050 counted in all
      expect(first.requestsPerSec).toBe(200);
      elapsedMs += 100;
      expect(sampler.sample(Date.now(), 3).requestsPerSec).toBe(0);
      served += 7;
      elapsedMs += 1000;
      expect(sampler.sample(Date.now(), 3).requestsPerSec).toBe(7);
    } finally {
      sampler.stop();
    }
  });
});

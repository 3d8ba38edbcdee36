import { describe, expect, it } from 'vitest';
import { NodeSampler } from '../../../server/console/node-sampler';

describe('node sampler', () => {
  it('reports responses served since the previous sample as requests per second', async () => {
    let served = 1000;
    const sampler = new NodeSampler('node-x', () => served);
    try {
      served += 50;
      await new Promise((r) => setTimeout(r, 250));
      const first = sampler.sample(Date.now(), 3);
      expect(first.id).toBe('node-x');
      expect(first.sockets).toBe(3);
      // 50 responses in about a quarter of a second: about 200 a second, never the 1,050 counted in all
      expect(first.requestsPerSec).toBeGreaterThan(100);
      expect(first.requestsPerSec).toBeLessThan(250);
      await new Promise((r) => setTimeout(r, 100));
      expect(sampler.sample(Date.now(), 3).requestsPerSec).toBe(0);
    } finally {
      sampler.stop();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../server/metrics/metrics';

const queue = () => ({ lastCounters: { head: 0, tail: 0, pending: 0, active: 0 } });

describe('the joins counter', () => {
  it('adds the hot path’s tallies when read, keeping its total across reads and scrapes', async () => {
    const metrics = createMetrics('node-t', queue);
    const series = async () => Object.fromEntries((await metrics.joins.get()).values.map((v) => [String(v.labels.reused), v.value]));
    expect(await series()).toEqual({});
    metrics.joinTally.fresh += 3;
    metrics.joinTally.reused += 2;
    expect(await series()).toEqual({ false: 3, true: 2 });
    expect(await series()).toEqual({ false: 3, true: 2 });
    metrics.joinTally.fresh += 1;
    const text = await metrics.registry.metrics();
    expect(text).toContain('sluice_queue_joins_total{reused="false",node="node-t"} 4');
    expect(text).toContain('sluice_queue_joins_total{reused="true",node="node-t"} 2');
    expect(metrics.joinTally).toEqual({ fresh: 0, reused: 0 });
  });
});

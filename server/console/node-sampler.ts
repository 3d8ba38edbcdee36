import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { NodeStatus } from '../../protocol';

const RESOLUTION_MS = 10;

/** This node's own figures, counted locally and read once a second (never a store write per request). */
export class NodeSampler {
  private lastServed: number;
  private lastSampleAt: number;
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  /** `served` reads the node's response counter (kept by the metrics hook); `monotonicMs` is the interval clock. */
  constructor(
    private readonly nodeId: string,
    private readonly served: () => number,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    this.lastSampleAt = monotonicMs();
    this.lag.enable();
    this.lastServed = served();
  }

  /** Figures since the previous sample; resets the counters. */
  sample(now: number, sockets: number): NodeStatus {
    const at = this.monotonicMs();
    const elapsedSec = Math.max((at - this.lastSampleAt) / 1000, 0.001);
    this.lastSampleAt = at;
    // The histogram measures timer delay including the sampling resolution itself.
    const lagMs = this.lag.count > 0 ? Math.max(0, this.lag.percentile(99) / 1e6 - RESOLUTION_MS) : 0;
    this.lag.reset();
    const status: NodeStatus = {
      id: this.nodeId,
      eventLoopLagMs: Math.round(lagMs * 10) / 10,
      memoryMb: Math.round(process.memoryUsage().rss / 1024 / 102.4) / 10,
      requestsPerSec: Math.round(((this.served() - this.lastServed) / elapsedSec) * 10) / 10,
      sockets,
      lastSeen: now,
    };
    this.lastServed = this.served();
    return status;
  }

  stop(): void {
    this.lag.disable();
  }
}

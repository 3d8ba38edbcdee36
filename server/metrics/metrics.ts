import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface QueueGaugeSource {
  lastCounters: { head: number; tail: number; pending: number; active: number };
}

/** One registry per app instance (tests run several in one process). */
export function createMetrics(nodeId: string, queue: () => QueueGaugeSource) {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  collectDefaultMetrics({ register: registry, prefix: 'sluice_process_' });
  // Joins are tallied as plain numbers on the hot path and added to their counter when it is read:
  // a labelled inc() hashes its labels on every join.
  const joinTally = { fresh: 0, reused: 0 };
  return {
    joinTally,
    registry,
    /** Responses sent by this node, counted where the latency histogram is observed. */
    served: { count: 0 },
    httpDuration: new Histogram({
      name: 'sluice_http_request_duration_seconds',
      help: 'HTTP request latency by route and status: from arrival to the answer ready to send (a failure: sent)',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    joins: new Counter({
      name: 'sluice_queue_joins_total',
      help: 'Tickets issued by this node (reused: a waiting client kept its place)',
      labelNames: ['reused'],
      registers: [registry],
      collect() {
        if (joinTally.fresh > 0) this.inc({ reused: 'false' }, joinTally.fresh);
        if (joinTally.reused > 0) this.inc({ reused: 'true' }, joinTally.reused);
        joinTally.fresh = 0;
        joinTally.reused = 0;
      },
    }),
    joinsRefused: new Counter({
      name: 'sluice_queue_joins_refused_total',
      help: 'Joins refused by this node, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    admissions: new Counter({
      name: 'sluice_queue_admissions_total',
      help: 'Tickets admitted by ticks this node ran',
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'sluice_queue_depth',
      help: 'Tickets issued and not yet admitted (tail - head), as this node last saw it',
      registers: [registry],
      collect() {
        const c = queue().lastCounters;
        this.set(c.tail - c.head);
      },
    }),
    activeSessions: new Gauge({
      name: 'sluice_active_sessions',
      help: 'Admitted tickets holding capacity: claimed sessions plus admissions not yet claimed',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const c = queue().lastCounters;
        this.set({ state: 'active' }, c.active);
        this.set({ state: 'pending' }, c.pending);
      },
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

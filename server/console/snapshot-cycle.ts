import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { NO_DRILL, type DrillState, type HistoryRangeReply, type NodeStatus, type Snapshot } from '../../protocol';
import type { AlertEngine } from '../alerts/alert-engine';
import { StoreUnavailableError } from '../store';
import { TaskFailureLog } from '../logging/task-failure-log';
import { HistoryRing } from './history-ring';
import { foldTiers, historyRange, type TierKeep } from './history-tiers';
import type { NodeSampler } from './node-sampler';
import { buildSnapshot, NODE_FORGET_MS } from './snapshot-builder';

const CHANNEL = 'console:snapshot';
const SECOND = 1000;

/**
 * The per-second snapshot, leaderless. Every node reports its own figures, then races a SET NX
 * for the second; the winner builds the snapshot from the store, stores it (the stream is also
 * the history) and publishes it on the bus; every node emits what it receives, so all consoles
 * see the same numbers. Should the winner die mid-way, the others build that second themselves
 * shortly after (first stored wins). With the store away, each node shows its own view.
 */
export class SnapshotCycle extends EventEmitter<{ snapshot: [Snapshot] }> {
  readonly ring: HistoryRing;
  private timer: NodeJS.Timeout | undefined;
  private readonly fallbacks = new Set<NodeJS.Timeout>();
  private unsubscribe: (() => void) | undefined;
  private lastSecond = 0;
  private running = false;
  private stopped = false;
  private lastDrill: DrillState = NO_DRILL;
  private readonly failures: { cycle: TaskFailureLog; tiers: TaskFailureLog; alerts: TaskFailureLog };

  constructor(
    private readonly app: FastifyInstance,
    private readonly sampler: NodeSampler,
    private readonly alerts: AlertEngine,
    private readonly localSockets: () => number,
  ) {
    super();
    this.ring = new HistoryRing(app.config.console.historySec);
    const now = () => app.clock.now();
    this.failures = {
      cycle: new TaskFailureLog(app.log, 'snapshot cycle', now),
      tiers: new TaskFailureLog(app.log, 'history tiers', now),
      alerts: new TaskFailureLog(app.log, 'alert rules', now),
    };
  }

  private get historyMs(): number {
    return this.app.config.console.historySec * SECOND;
  }

  private get tierKeep(): TierKeep {
    const { trend10sHours, trend60sHours } = this.app.config.console;
    return { hours: { 10: trend10sHours, 60: trend60sHours } };
  }

  /** The night between `from` and `to` (ms), at the finest resolution kept that fits one answer. */
  range(from: number, to: number): Promise<HistoryRangeReply> {
    return historyRange(this.app.store.console, this.ring, this.app.clock.now(), from, to, this.tierKeep);
  }

  async start(): Promise<void> {
    const { store, clock } = this.app;
    try {
      this.ring.reset(await store.console.snapshotsSince(clock.now() - this.historyMs));
    } catch {
      // Store away at start: the history fills as snapshots arrive.
    }
    this.unsubscribe = await store.bus.subscribe(CHANNEL, (raw) => this.receive(raw));
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const t of this.fallbacks) clearTimeout(t);
    this.unsubscribe?.();
    this.sampler.stop();
    await this.app.store.console.removeNode(this.app.config.nodeId).catch(() => {});
  }

  /** One cycle for the current second; the timer calls it, tests call it with a manual clock. */
  async runOnce(): Promise<Snapshot | null> {
    if (this.running) return null;
    this.running = true;
    const { store, clock, config } = this.app;
    const now = clock.now();
    const at = Math.floor(now / SECOND) * SECOND;
    const status = this.sampler.sample(now, this.localSockets());
    const fresh = at > this.lastSecond;
    if (fresh) this.lastSecond = at;
    try {
      let nodes: NodeStatus[];
      try {
        await store.console.reportNode(status);
        if (!fresh) return null;
        const won = await store.console.claimSecond(at, config.nodeId);
        this.alerts.storeReachable(true, now);
        if (!won) {
          this.awaitWinner(at);
          return null;
        }
        nodes = await store.console.nodes();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        this.alerts.storeReachable(false, now);
        return fresh ? await this.showLocal(at, status) : null;
      }
      return await this.publish(at, nodes);
    } finally {
      this.running = false;
    }
  }

  private schedule(): void {
    const every = this.app.config.console.snapshotIntervalMs;
    if (every <= 0 || this.stopped) return;
    // Just after each boundary, so every node works on the same second.
    const delay = every - (Date.now() % every) + 25;
    this.timer = setTimeout(() => {
      void this.failures.cycle.run(() => this.runOnce()).finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  /** The winner should have published by then; if not (it died), build the second here. */
  private awaitWinner(at: number): void {
    const every = this.app.config.console.snapshotIntervalMs;
    if (every <= 0) return;
    const timer = setTimeout(
      () => {
        this.fallbacks.delete(timer);
        if (this.stopped || this.ring.has(at) || (this.ring.last?.at ?? 0) > at) return;
        this.app.log.info({ at }, 'snapshot missing; building it here');
        this.app.store.console
          .nodes()
          .then((nodes) => this.publish(at, nodes))
          .catch(() => {});
      },
      Math.min(400, every / 2),
    );
    timer.unref();
    this.fallbacks.add(timer);
  }

  private async publish(at: number, nodes: NodeStatus[]): Promise<Snapshot | null> {
    const { store } = this.app;
    for (const n of nodes) if (at - n.lastSeen > NODE_FORGET_MS) await store.console.removeNode(n.id);
    const built = await buildSnapshot(this.app, { at, previous: this.ring.last, lastDrill: this.lastDrill, nodes });
    const put = await store.console.putSnapshot(built, this.historyMs);
    if (!put) return null;
    if (put.won) {
      // The node that stored the second also closes the coarse buckets it leaves behind.
      await this.failures.tiers.run(() => foldTiers(store.console, this.ring, put.snapshot, this.tierKeep));
      await this.failures.alerts.run(() => this.alerts.step(put.snapshot));
    }
    await store.bus.publish(CHANNEL, JSON.stringify(put.snapshot)).catch(() => {});
    this.accept(put.snapshot);
    return put.snapshot;
  }

  private async showLocal(at: number, status: NodeStatus): Promise<Snapshot> {
    const snapshot = await buildSnapshot(this.app, { at, previous: this.ring.last, lastDrill: this.lastDrill, nodes: [status] });
    this.accept(snapshot);
    return snapshot;
  }

  private receive(raw: string): void {
    try {
      const snapshot = JSON.parse(raw) as Snapshot;
      if (typeof snapshot?.at === 'number') this.accept(snapshot);
    } catch {
      this.app.log.warn('unreadable snapshot on the bus');
    }
  }

  private accept(snapshot: Snapshot): void {
    if (!this.ring.push(snapshot)) return;
    this.lastDrill = snapshot.drill;
    this.emit('snapshot', snapshot);
  }
}

import { NO_DRILL, type DrillState, type NodeStatus, type Snapshot, type TrendPoint, type TrendTier } from '../../../protocol';
import { emptyAlertState, type AlertState } from '../alert-state';
import type { ConsoleStore, PutSnapshotResult } from '../port';

export class MemoryConsoleStore implements ConsoleStore {
  private readonly reports = new Map<string, NodeStatus>();
  private readonly claims = new Map<number, string>();
  private snapshots: Snapshot[] = [];
  private readonly trends: Record<TrendTier, TrendPoint[]> = { 10: [], 60: [] };
  private drillState: DrillState = NO_DRILL;
  private state: AlertState = emptyAlertState();
  private readonly acks = new Map<string, { by: string; at: number }>();

  async reportNode(status: NodeStatus): Promise<void> {
    this.reports.set(status.id, { ...status });
  }

  async removeNode(id: string): Promise<void> {
    this.reports.delete(id);
  }

  async nodes(): Promise<NodeStatus[]> {
    return [...this.reports.values()].map((n) => ({ ...n }));
  }

  async claimSecond(at: number, nodeId: string): Promise<boolean> {
    if (this.claims.has(at)) return false;
    this.claims.set(at, nodeId);
    for (const old of this.claims.keys()) if (old < at - 60_000) this.claims.delete(old);
    return true;
  }

  async putSnapshot(snapshot: Snapshot, keepMs: number): Promise<PutSnapshotResult | null> {
    const last = this.snapshots.at(-1);
    if (last && last.at >= snapshot.at) {
      const same = last.at === snapshot.at ? last : this.snapshots.find((s) => s.at === snapshot.at);
      return same ? { snapshot: structuredClone(same), won: false } : null;
    }
    this.snapshots.push(structuredClone(snapshot));
    const horizon = snapshot.at - keepMs;
    let drop = 0;
    while (drop < this.snapshots.length && this.snapshots[drop]!.at < horizon) drop++;
    if (drop > 0) this.snapshots = this.snapshots.slice(drop);
    return { snapshot, won: true };
  }

  async snapshotsSince(since: number): Promise<Snapshot[]> {
    return structuredClone(this.snapshots.filter((s) => s.at >= since));
  }

  async putTrendPoint(tier: TrendTier, point: TrendPoint, keepMs: number): Promise<boolean> {
    const points = this.trends[tier];
    if (points.some((p) => p.at === point.at)) return false;
    let i = points.length;
    while (i > 0 && points[i - 1]!.at > point.at) i--;
    points.splice(i, 0, structuredClone(point));
    const horizon = point.at - keepMs;
    let drop = 0;
    while (drop < points.length && points[drop]!.at < horizon) drop++;
    if (drop > 0) points.splice(0, drop);
    return true;
  }

  async trendPoints(tier: TrendTier, from: number, to: number): Promise<TrendPoint[]> {
    return structuredClone(this.trends[tier].filter((p) => p.at >= from && p.at <= to));
  }

  async drill(): Promise<DrillState> {
    return { ...this.drillState };
  }

  async startDrill(drill: DrillState): Promise<boolean> {
    if (this.drillState.running) return false;
    this.drillState = { ...drill };
    return true;
  }

  /** Stops the drill only when `id` is the one running (synchronous: nothing interleaves). */
  stopDrillIf(id: string): DrillState | null {
    if (!this.drillState.running || this.drillState.id !== id) return null;
    const stopped = this.drillState;
    this.drillState = NO_DRILL;
    return stopped;
  }

  async stopDrill(): Promise<DrillState | null> {
    if (!this.drillState.running) return null;
    const stopped = this.drillState;
    this.drillState = NO_DRILL;
    return stopped;
  }

  async alertState(): Promise<AlertState> {
    return structuredClone(this.state);
  }

  async saveAlertState(state: AlertState): Promise<void> {
    this.state = structuredClone(state);
  }

  async ackAlert(id: string, by: string, at: number): Promise<boolean> {
    if (this.acks.has(id)) return false;
    this.acks.set(id, { by, at });
    return true;
  }

  async alertAcks(): Promise<Record<string, { by: string; at: number }>> {
    return Object.fromEntries(this.acks);
  }
}

import type { Redis } from 'ioredis';
import { NO_DRILL, type DrillState, type NodeStatus, type Snapshot, type TrendPoint, type TrendTier } from '../../../protocol';
import { emptyAlertState, type AlertState } from '../alert-state';
import type { ConsoleStore, PutSnapshotResult } from '../port';
import { PUT_SNAPSHOT_LUA, PUT_TREND_LUA, START_DRILL_LUA, STOP_DRILL_LUA } from './console-lua';
import { guarded } from './connection';
import type { Keyspace } from './keys';
import { defineScript, type ScriptRunner } from './scripts';

type StreamEntry = [id: string, fields: string[]];

export class RedisConsoleStore implements ConsoleStore {
  private readonly putScript: ScriptRunner;
  private readonly startDrillScript: ScriptRunner;
  private readonly stopDrillScript: ScriptRunner;
  private readonly putTrendScript: ScriptRunner;

  constructor(
    private readonly redis: Redis,
    private readonly key: Keyspace,
  ) {
    this.putScript = defineScript(redis, 'sluicePutSnapshot', 1, PUT_SNAPSHOT_LUA);
    this.startDrillScript = defineScript(redis, 'sluiceStartDrill', 1, START_DRILL_LUA);
    this.stopDrillScript = defineScript(redis, 'sluiceStopDrill', 1, STOP_DRILL_LUA);
    this.putTrendScript = defineScript(redis, 'sluicePutTrend', 1, PUT_TREND_LUA);
  }

  reportNode(status: NodeStatus): Promise<void> {
    return guarded(async () => {
      await this.redis.hset(this.key('console:nodes'), status.id, JSON.stringify(status));
    });
  }

  removeNode(id: string): Promise<void> {
    return guarded(async () => {
      await this.redis.hdel(this.key('console:nodes'), id);
    });
  }

  nodes(): Promise<NodeStatus[]> {
    return guarded(async () => (await this.redis.hvals(this.key('console:nodes'))).map((json) => JSON.parse(json) as NodeStatus));
  }

  claimSecond(at: number, nodeId: string): Promise<boolean> {
    return guarded(async () => (await this.redis.set(this.key(`console:claim:${at}`), nodeId, 'EX', 60, 'NX')) === 'OK');
  }

  putSnapshot(snapshot: Snapshot, keepMs: number): Promise<PutSnapshotResult | null> {
    return guarded(async () => {
      const reply = (await this.putScript([this.key('console:snapshots')], [snapshot.at, JSON.stringify(snapshot), Math.max(0, snapshot.at - keepMs)])) as
        [number, string] | null;
      if (!reply) return null;
      const won = Number(reply[0]) === 1;
      return { snapshot: won ? snapshot : (JSON.parse(reply[1]) as Snapshot), won };
    });
  }

  snapshotsSince(since: number): Promise<Snapshot[]> {
    return guarded(async () => {
      const rows = (await this.redis.xrange(this.key('console:snapshots'), `${Math.max(0, Math.floor(since))}-0`, '+')) as StreamEntry[];
      return rows.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as Snapshot);
    });
  }

  putTrendPoint(tier: TrendTier, point: TrendPoint, keepMs: number): Promise<boolean> {
    return guarded(
      async () =>
        Number(await this.putTrendScript([this.key(`console:trend:${tier}`)], [point.at, JSON.stringify(point), Math.max(0, point.at - keepMs)])) === 1,
    );
  }

  trendPoints(tier: TrendTier, from: number, to: number): Promise<TrendPoint[]> {
    return guarded(async () => {
      const rows = await this.redis.zrangebyscore(this.key(`console:trend:${tier}`), Math.max(0, Math.floor(from)), Math.floor(to));
      return rows.map((json) => JSON.parse(json) as TrendPoint);
    });
  }

  drill(): Promise<DrillState> {
    return guarded(async () => {
      const json = await this.redis.get(this.key('console:drill'));
      return json ? (JSON.parse(json) as DrillState) : { ...NO_DRILL };
    });
  }

  startDrill(drill: DrillState): Promise<boolean> {
    return guarded(async () => Number(await this.startDrillScript([this.key('console:drill')], [JSON.stringify(drill)])) === 1);
  }

  stopDrill(): Promise<DrillState | null> {
    return guarded(async () => {
      const json = (await this.stopDrillScript([this.key('console:drill')], [])) as string | null;
      return json ? (JSON.parse(json) as DrillState) : null;
    });
  }

  alertState(): Promise<AlertState> {
    return guarded(async () => {
      const json = await this.redis.get(this.key('alerts:book'));
      return json ? (JSON.parse(json) as AlertState) : emptyAlertState();
    });
  }

  saveAlertState(state: AlertState): Promise<void> {
    return guarded(async () => {
      await this.redis.set(this.key('alerts:book'), JSON.stringify(state));
    });
  }

  ackAlert(id: string, by: string, at: number): Promise<boolean> {
    return guarded(async () => (await this.redis.hsetnx(this.key('alerts:acks'), id, JSON.stringify({ by, at }))) === 1);
  }

  alertAcks(): Promise<Record<string, { by: string; at: number }>> {
    return guarded(async () => {
      const raw = await this.redis.hgetall(this.key('alerts:acks'));
      return Object.fromEntries(Object.entries(raw).map(([id, json]) => [id, JSON.parse(json) as { by: string; at: number }]));
    });
  }
}

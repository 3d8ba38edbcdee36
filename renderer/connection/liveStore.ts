import type { Alert, AuditEntry, Controls, DrillProgress, DrillState, HistoryRangeReply, Notice, Snapshot } from '../../protocol';
import { Ring } from './ring';
import { toSample, type Sample } from './sample';

/** The socket's own state, independent of whether data is fresh. */
export type LinkState = 'connecting' | 'connected' | 'disconnected';

export interface LiveState {
  link: LinkState;
  /** Why the server refused or dropped us, when it said so. */
  linkError: string | null;
  snapshot: Snapshot | null;
  /** Local clock when the last snapshot arrived (staleness is judged on our clock, not the server's). */
  receivedAt: number | null;
  /** Bumped whenever `samples` changes, so charts re-derive only then. */
  samplesVersion: number;
  /** Bumped when history was merged in (past samples may differ, not only new ones added). */
  historyEpoch: number;
  alerts: readonly Alert[];
  audit: readonly AuditEntry[];
  /** The notices citizens see now, newest first (the server sends the whole list on connect and on every change). */
  notices: readonly Notice[];
  /** Local clock, advanced by tick(); drives "stale for N s". */
  now: number;
  /** Older history fetched for a long window (`history:range`), in the server's buckets; null until asked. */
  past: PastHistory | null;
  /** The running drill's latest progress and when it arrived (local clock); null when none runs. */
  drillProgress: { progress: DrillProgress; at: number } | null;
  /** Bumped when a drill report was stored, so the report list fetches again. */
  reportsVersion: number;
}

export interface PastHistory {
  from: number;
  to: number;
  bucketSec: number;
  points: readonly Sample[];
}

/** Three hours at one snapshot a second: enough for a whole drill, and bounded. */
export const SAMPLE_CAPACITY = 3 * 3600;
const AUDIT_CAPACITY = 2000;
const ALERT_CAPACITY = 500;

/**
 * The live state of the night as this console knows it. The socket feeds it; panels read it
 * through useLive(selector). Plain subscribe/getState, so React's useSyncExternalStore can read it.
 */
export class LiveStore {
  readonly samples: Ring<Sample>;
  private state: LiveState;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly clock: () => number = Date.now,
    capacity = SAMPLE_CAPACITY,
  ) {
    this.samples = new Ring<Sample>(capacity);
    this.state = {
      link: 'connecting',
      linkError: null,
      snapshot: null,
      receivedAt: null,
      samplesVersion: 0,
      historyEpoch: 0,
      alerts: [],
      audit: [],
      notices: [],
      now: clock(),
      past: null,
      drillProgress: null,
      reportsVersion: 0,
    };
  }

  getState = (): LiveState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  receiveSnapshot(snapshot: Snapshot): void {
    const last = this.samples.last();
    if (!last || snapshot.at > last.at) this.samples.push(toSample(snapshot));
    const now = this.clock();
    this.set({ snapshot, receivedAt: now, now, samplesVersion: this.state.samplesVersion + 1 });
  }

  /** The last minutes the server kept (sent on connect): merged with what we already hold, by time. */
  receiveHistory(snapshots: readonly Snapshot[]): void {
    const byTime = new Map<number, Sample>();
    for (const sample of this.samples.toArray()) byTime.set(sample.at, sample);
    for (const snapshot of snapshots) byTime.set(snapshot.at, toSample(snapshot));
    const merged = [...byTime.values()].sort((a, b) => a.at - b.at);
    this.samples.clear();
    for (const sample of merged.slice(-this.samples.capacity)) this.samples.push(sample);
    this.set({ samplesVersion: this.state.samplesVersion + 1, historyEpoch: this.state.historyEpoch + 1 });
  }

  /** History older than the live ring, fetched for a long window: replaces what was fetched before. */
  receivePast(from: number, to: number, reply: HistoryRangeReply): void {
    this.set({ past: { from, to, bucketSec: reply.bucketSec, points: reply.points } });
  }

  /** A controls change announced by the server: show it at once, before the next snapshot. */
  receiveControls(controls: Controls): void {
    const snapshot = this.state.snapshot;
    if (snapshot) this.set({ snapshot: { ...snapshot, controls, gate: controls.gate } });
  }

  /** A drill started or stopped: the banner follows at once. */
  receiveDrill(drill: DrillState): void {
    const snapshot = this.state.snapshot;
    // Progress lives beside the snapshot: the next snapshot's drill carries none.
    const progress = drill.running && drill.progress ? { progress: drill.progress, at: this.clock() } : drill.running ? this.state.drillProgress : null;
    const { progress: _dropped, ...plain } = drill;
    this.set({ drillProgress: progress, ...(snapshot ? { snapshot: { ...snapshot, drill: plain } } : {}) });
  }

  /** A drill report was stored somewhere in the cluster. */
  receiveDrillReport(): void {
    this.set({ reportsVersion: this.state.reportsVersion + 1 });
  }

  receiveAlerts(alerts: readonly Alert[]): void {
    const byId = new Map(this.state.alerts.map((a) => [a.id, a] as const));
    for (const alert of alerts) byId.set(alert.id, alert);
    const sorted = [...byId.values()].sort((a, b) => b.raisedAt - a.raisedAt).slice(0, ALERT_CAPACITY);
    this.set({ alerts: sorted });
  }

  receiveNotices(notices: readonly Notice[]): void {
    this.set({ notices });
  }

  receiveAudit(entries: readonly AuditEntry[]): void {
    const byId = new Map(this.state.audit.map((e) => [e.id, e] as const));
    for (const entry of entries) byId.set(entry.id, entry);
    const sorted = [...byId.values()].sort((a, b) => a.at - b.at).slice(-AUDIT_CAPACITY);
    this.set({ audit: sorted });
  }

  setLink(link: LinkState, linkError: string | null = null): void {
    this.set({ link, linkError });
  }

  /** Advances the local clock (once a second or so), so staleness shows even when nothing arrives. */
  tick(): void {
    this.set({ now: this.clock() });
  }

  private set(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

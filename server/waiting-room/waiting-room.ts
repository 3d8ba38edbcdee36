import { estimateEta, pollDelayMs, type Eta } from '../../protocol';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { ControlsService } from '../control/controls-service';
import type { ClaimResult, JoinLimits, LimitedJoin, QueueCounters, Store, TickResult } from '../store';
import { clientSlot } from './client-slot';
import { HeadHistory } from './head-history';
import { LiveNotes } from './live-notes';

const CHANNEL = 'queue';

interface HeadMessage {
  head: number;
  tail: number;
  at: number;
}

/**
 * The counters with a new tail. Written out, not spread: V8 builds `{ ...o, key }` on a slow path
 * (about 2 µs here), and this runs on every join.
 */
function withTail(c: QueueCounters, tail: number): QueueCounters {
  return { head: c.head, tail, pending: c.pending, active: c.active, unclaimed: c.unclaimed, sessionsEnded: c.sessionsEnded };
}

export interface WaitingView {
  number: number;
  position: number;
  eta: Eta;
  pollAfterMs: number;
}

/**
 * One node's part of the waiting room. Status polls are answered from the cached head
 * (pushed over the bus after every tick, re-read every second), never from the store.
 */
export class WaitingRoom {
  private counters: QueueCounters = { head: 0, tail: 0, pending: 0, active: 0, unclaimed: 0, sessionsEnded: 0 };
  private readonly history = new HeadHistory();
  private readonly liveBatch = new LiveNotes();
  private readonly heartbeatBatch = new LiveNotes();
  private headChangedAt = 0;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private ticking = false;

  constructor(
    private readonly store: Store,
    private readonly controls: ControlsService,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly onTick: (result: TickResult) => void = () => {},
  ) {}

  get head(): number {
    return this.counters.head;
  }

  get tail(): number {
    return this.counters.tail;
  }

  get lastCounters(): QueueCounters {
    return this.counters;
  }

  /** ms since the epoch when this node last saw `head` move (its start, before that). */
  get headUpdatedAt(): number {
    return this.headChangedAt;
  }

  async start(): Promise<void> {
    this.headChangedAt = this.clock.now();
    await this.refresh();
    this.unsubscribe = await this.store.bus.subscribe(CHANNEL, (raw) => {
      const msg = JSON.parse(raw) as HeadMessage;
      this.acceptHead(msg.head, msg.tail, msg.at);
    });
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => void fn().catch(() => {}), ms);
      timer.unref();
      this.timers.push(timer);
    };
    if (this.config.tickIntervalMs > 0) {
      every(this.config.tickIntervalMs, () => this.tickOnce());
      every(1000, () => this.refresh());
      every(1000, () => this.flushLive());
      every(1000, () => this.flushHeartbeats());
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.unsubscribe?.();
  }

  /** One admission tick against the shared store; safe to run on every node. */
  async tickOnce(): Promise<TickResult | null> {
    if (this.ticking) return null;
    this.ticking = true;
    try {
      const now = this.clock.now();
      const result = await this.store.queue.tick({ now, claimWindowMs: this.config.claimWindowSec * 1000, storeTime: !this.clock.shared });
      if (result.head > this.counters.head) this.headChangedAt = now;
      this.counters = result;
      this.history.record(now, result.head);
      if (result.admitted > 0) {
        await this.store.bus.publish(CHANNEL, JSON.stringify({ head: result.head, tail: result.tail, at: now } satisfies HeadMessage));
      }
      this.onTick(result);
      return result;
    } finally {
      this.ticking = false;
    }
  }

  async refresh(): Promise<void> {
    const counters = await this.store.queue.counters();
    if (counters.head > this.counters.head) this.headChangedAt = this.clock.now();
    this.counters = { ...counters, head: Math.max(counters.head, this.counters.head) };
    this.history.record(this.clock.now(), this.counters.head);
  }

  async join(clientId: string | undefined): Promise<{ number: number; reused: boolean }> {
    const result = await this.store.queue.join(clientSlot(clientId), this.clock.now(), this.config.ticketTtlSec);
    if (result.number > this.counters.tail) this.counters = withTail(this.counters, result.number);
    return result;
  }

  /** `join` with the join limits counted in the same store step (one round trip). */
  async joinWithin(clientId: string | undefined, limits: JoinLimits): Promise<LimitedJoin> {
    const result = await this.store.queue.joinWithin(clientSlot(clientId), this.clock.now(), this.config.ticketTtlSec, limits);
    if (result.ticket && result.ticket.number > this.counters.tail) this.counters = withTail(this.counters, result.ticket.number);
    return result;
  }

  view(number: number): WaitingView {
    const position = Math.max(0, number - this.counters.head);
    const rate = this.controls.current.admissionRatePerSec;
    return {
      number,
      position,
      eta: estimateEta(position, rate, this.observedRatePerSec()),
      pollAfterMs: pollDelayMs(position, rate, this.config.maxPollAfterMs),
    };
  }

  isAdmitted(number: number): boolean {
    return number <= this.counters.head;
  }

  claim(number: number): Promise<ClaimResult> {
    return this.store.queue.claim(number, this.clock.now(), this.controls.current.sessionTtlSec * 1000);
  }

  observedRatePerSec(): number | null {
    return this.history.ratePerSec();
  }

  /** Counted locally, flushed to the store once a second: no store write per poll. */
  noteLive(number: number): void {
    this.liveBatch.note(number);
  }

  liveWindow(at = this.clock.now()): number {
    return Math.floor(at / (this.config.liveWindowSec * 1000));
  }

  async flushLive(): Promise<void> {
    if (this.liveBatch.size === 0) return;
    const batch = this.liveBatch.take();
    await this.store.queue.markLive(this.liveWindow(), batch, this.config.liveWindowSec * 3);
  }

  /** Citizens who polled in this live window or the one before. */
  countLive(): Promise<number> {
    const w = this.liveWindow();
    return this.store.queue.countLive([w - 1, w]);
  }

  /** A sampled ticket's heartbeat (the caller checked it is in the sample); batched like polls. */
  noteHeartbeat(number: number): void {
    this.heartbeatBatch.note(number);
  }

  async flushHeartbeats(): Promise<void> {
    if (this.heartbeatBatch.size === 0) return;
    const batch = this.heartbeatBatch.take();
    await this.store.queue.markLive(this.liveWindow(), batch, this.config.liveWindowSec * 3, 'heartbeats');
  }

  /** Distinct sampled tickets that sent a heartbeat in this live window or the one before (scale up with liveFromSample); complete while the heartbeat interval is no longer than the window. */
  countHeartbeats(): Promise<number> {
    const w = this.liveWindow();
    return this.store.queue.countLive([w - 1, w], 'heartbeats');
  }

  private acceptHead(head: number, tail: number, at: number): void {
    if (head <= this.counters.head && tail <= this.counters.tail) return;
    if (head > this.counters.head) this.headChangedAt = at;
    this.counters = { ...this.counters, head: Math.max(head, this.counters.head), tail: Math.max(tail, this.counters.tail) };
    this.history.record(at, this.counters.head);
  }
}

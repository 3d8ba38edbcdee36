import { randomUUID } from 'node:crypto';
import type { Notice, NoticePostPayload } from '../../protocol';
import type { Clock } from '../clock';
import type { NoticeStore } from '../store';

/** How long a node answers from its own copy of the board: a notice reaches every page within this plus the page's poll. */
export const NOTICE_CACHE_MS = 1000;

/**
 * The situation room's notices to citizens. The store holds the board (every node serves the same);
 * each node keeps the active list for at most a second, so millions of state requests read it once
 * a second, not once each.
 */
export class NoticeBoard {
  private cached: { at: number; notices: Notice[] } | null = null;
  private pending: Promise<Notice[]> | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: NoticeStore,
    private readonly clock: Clock,
    private readonly cacheMs = NOTICE_CACHE_MS,
  ) {}

  /** Keeps `latest` at most `cacheMs` old (the queue state reads it synchronously). */
  start(onError: (err: unknown) => void): void {
    const refresh = () => void this.active().catch(onError);
    refresh();
    this.timer = setInterval(refresh, this.cacheMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The notices citizens see now, newest first (this node's copy, at most `cacheMs` old). */
  async active(): Promise<Notice[]> {
    const now = this.clock.now();
    // Its age by the monotonic clock: a test's manual clock standing still must not keep a copy forever.
    const readAt = performance.now();
    if (this.cached && readAt - this.cached.at < this.cacheMs) return this.cached.notices.filter((n) => n.expiresAt > now);
    this.pending ??= this.store.active(now).then(
      (notices) => {
        this.cached = { at: readAt, notices };
        this.pending = null;
        return notices;
      },
      (err: unknown) => {
        this.pending = null;
        throw err;
      },
    );
    return this.pending;
  }

  /** The last list this node read, without a store round trip (kept fresh by `start`; empty before the first read). */
  get latest(): Notice[] {
    const now = this.clock.now();
    return (this.cached?.notices ?? []).filter((n) => n.expiresAt > now);
  }

  async post(payload: NoticePostPayload): Promise<Notice> {
    const postedAt = this.clock.now();
    const notice: Notice = {
      id: randomUUID(),
      severity: payload.severity,
      text: { ko: payload.text.ko.trim(), en: payload.text.en.trim() },
      postedAt,
      expiresAt: postedAt + payload.expiresInMin * 60_000,
    };
    await this.store.post(notice);
    this.cached = null;
    return notice;
  }

  async clear(id: string): Promise<Notice | null> {
    const cleared = await this.store.clear(id, this.clock.now());
    this.cached = null;
    return cleared;
  }

  /** Read fresh from the store (after a change, for the consoles). */
  async fresh(): Promise<Notice[]> {
    this.cached = null;
    return this.active();
  }
}

import type { QueueStateReply } from '../../protocol/queue';
import { clockOffsetMs } from '../../protocol/queue-estimate';

export interface FeedSnapshot {
  state: QueueStateReply | null;
  /** Add to the page's clock to get the server's. */
  offsetMs: number;
  /** The last fetch failed (the state shown is older than it should be). */
  failing: boolean;
  /** The server has no queue state route (an older server): the waiting page polls its status instead. */
  missing: boolean;
}

type Listener = (snapshot: FeedSnapshot) => void;

/** Pages other than the waiting page fetch the state this often, for its notices. */
export const NOTICE_PACE_MS = 5000;

/**
 * The public queue state, fetched by one loop for the whole page: the waiting page sets the pace
 * from its estimate (slower far back), the other pages fetch it for the notices. Nothing is fetched
 * while the tab is hidden; coming back fetches at once. ETags make an unchanged state a 304.
 */
export class StateFeed {
  private snapshot: FeedSnapshot = { state: null, offsetMs: 0, failing: false, missing: false };
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private etag: string | null = null;
  private paceMs = NOTICE_PACE_MS;
  private inFlight = false;
  private lastFetchAt = 0;

  constructor(private readonly doc: Document = document) {
    doc.addEventListener('visibilitychange', () => {
      if (doc.hidden) this.cancel();
      else void this.fetchNow();
    });
  }

  get current(): FeedSnapshot {
    return this.snapshot;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1 && !this.timer && !this.inFlight) void this.fetchNow();
    listener(this.snapshot);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.cancel();
    };
  }

  /** The next fetch comes `ms` after the last one began (the waiting page's estimate says how long). */
  setPace(ms: number): void {
    if (ms === this.paceMs) return;
    const sooner = ms < this.paceMs;
    this.paceMs = ms;
    if (sooner && this.timer) {
      this.cancel();
      this.schedule();
    }
  }

  async fetchNow(): Promise<void> {
    if (this.inFlight || this.doc.hidden) return;
    this.cancel();
    this.inFlight = true;
    this.lastFetchAt = Date.now();
    try {
      const res = await fetch('/api/v1/queue/state', { cache: 'no-store', headers: this.etag ? { 'if-none-match': this.etag } : {} });
      const receivedAt = Date.now();
      if (res.status === 404) {
        this.publish({ ...this.snapshot, missing: true, failing: false });
      } else if (res.status === 304 && this.snapshot.state) {
        // Unchanged since the kept copy, as of now by the server's clock.
        this.publish({ ...this.snapshot, state: { ...this.snapshot.state, serverTime: receivedAt + this.snapshot.offsetMs }, failing: false });
      } else if (res.ok) {
        const state = (await res.json()) as QueueStateReply;
        this.etag = res.headers.get('etag');
        // The largest offset seen: a body that waited in a cache or on the wire makes it look smaller.
        const offsetMs = clockOffsetMs(state, receivedAt, this.snapshot.state ? this.snapshot.offsetMs : undefined);
        this.publish({ state, offsetMs, failing: false, missing: false });
      } else {
        this.publish({ ...this.snapshot, failing: true });
      }
    } catch {
      this.publish({ ...this.snapshot, failing: true });
    } finally {
      this.inFlight = false;
      if (this.listeners.size > 0 && !this.snapshot.missing) this.schedule();
    }
  }

  private schedule(): void {
    if (this.doc.hidden || this.timer) return;
    // Counted from the last fetch, so a pace set sooner never pushes the next fetch later.
    const pace = this.snapshot.failing ? Math.max(this.paceMs, 3000) : this.paceMs;
    const delay = Math.max(0, this.lastFetchAt + pace - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.fetchNow();
    }, delay);
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private publish(snapshot: FeedSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}

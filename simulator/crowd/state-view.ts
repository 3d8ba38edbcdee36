import { clockOffsetMs, type QueueStateReply } from '../../protocol';
import type { HttpAnswer } from './crowd-http';

/** Where the queue state is when a join reply does not say (an older server). */
const DEFAULT_STATE_PATH = '/api/v1/queue/state';

/** The path to request for a join reply's `stateUrl` (a path, or an absolute URL on the same server). */
export function statePath(stateUrl: unknown): string {
  if (typeof stateUrl !== 'string' || stateUrl === '') return DEFAULT_STATE_PATH;
  if (stateUrl.startsWith('/')) return stateUrl;
  try {
    const url = new URL(stateUrl);
    return url.pathname + url.search;
  } catch {
    return DEFAULT_STATE_PATH;
  }
}

/**
 * One device's copy of the public queue state, kept as the citizen page keeps it
 * (citizen/notices/stateFeed.ts): the last body, its ETag for `If-None-Match`, and the correction
 * from this clock to the server's (the largest seen).
 */
export class QueueStateView {
  state: QueueStateReply | null = null;
  etag: string | null = null;
  offsetMs = 0;

  /** Takes an answer to `GET /queue/state`: the state it gives (a 304 renews the kept one), or null when it gives none. */
  take(res: HttpAnswer, receivedAt: number): QueueStateReply | null {
    if (res.status === 304 && this.state) {
      // Unchanged since the kept copy, as of now by the server's clock.
      this.state = { ...this.state, serverTime: receivedAt + this.offsetMs };
      return this.state;
    }
    if (res.status !== 200 || typeof res.body['head'] !== 'number') return null;
    const state = res.body as unknown as QueueStateReply;
    this.offsetMs = clockOffsetMs(state, receivedAt, this.state ? this.offsetMs : undefined);
    this.state = state;
    this.etag = res.etag ?? null;
    return state;
  }
}

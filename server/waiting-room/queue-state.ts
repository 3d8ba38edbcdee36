import { createHash } from 'node:crypto';
import type { Gate, Notice, QueueStateReply } from '../../protocol';

/** Everything in the public queue state except the time it was built and the notices. */
export type QueueFacts = Omit<QueueStateReply, 'serverTime' | 'notices'>;

/** What the state is built from; `head` and `gate` are read on every request (cheap), `facts` only to build. */
export interface QueueStateSource {
  facts(): QueueFacts;
  head(): number;
  gate(): Gate;
}

/** Where the state's notices come from: issue 17's notice board plugs in here. Until then, none. */
export type NoticeSource = () => Notice[];
export const NO_NOTICES: NoticeSource = () => [];

/** The bytes every citizen gets, built once and served until they are too old or the head moves. */
export interface BuiltQueueState {
  reply: QueueStateReply;
  body: string;
  /** Weak: two bodies that differ only in `serverTime` are the same state. */
  etag: string;
  builtAt: number;
}

/** The public queue state from its parts. */
export function buildQueueState(facts: QueueFacts, notices: Notice[], serverTime: number): QueueStateReply {
  return { ...facts, serverTime, notices };
}

function etagOf(reply: QueueStateReply): string {
  const { serverTime: _serverTime, ...meaning } = reply;
  return `W/"${createHash('sha1').update(JSON.stringify(meaning)).digest('base64url').slice(0, 22)}"`;
}

/**
 * One node's copy of the queue state. A request never reaches the store: the facts are this
 * node's cached head and controls, and the body is rebuilt at most every `rebuildMs` (or at
 * once when the head or the gate moved), so a crowd polling costs one small string write each.
 */
export class QueueStateCache {
  private built: BuiltQueueState | undefined;

  constructor(
    private readonly source: QueueStateSource,
    private readonly notices: NoticeSource,
    private readonly now: () => number,
    private readonly rebuildMs = 250,
  ) {}

  current(): BuiltQueueState {
    const now = this.now();
    const built = this.built;
    const fresh = built !== undefined && now - built.builtAt < this.rebuildMs && now >= built.builtAt;
    if (fresh && this.source.head() === built.reply.head && this.source.gate() === built.reply.gate) return built;
    return this.rebuild(now);
  }

  private rebuild(now: number): BuiltQueueState {
    const reply = buildQueueState(this.source.facts(), this.notices(), now);
    this.built = { reply, body: JSON.stringify(reply), etag: etagOf(reply), builtAt: now };
    return this.built;
  }
}

/** Whether an `If-None-Match` header names this (weak) ETag; weak comparison, as RFC 9110 asks for GET. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

import type { Role } from '../../protocol';
import type { AuditDraft, AuditLog } from './audit-log';

interface Window {
  openedAt: number;
  role: Role;
  drill: boolean;
  /** Denied attempts not yet in an entry, and how many of them were refused for the rate limit. */
  more: number;
  rateLimited: number;
  /** Whether this spell's first full denial has been recorded (a rate-limited refusal may come first). */
  detailed: boolean;
  timer: NodeJS.Timeout;
}

/**
 * Denied console commands, per operator: the first denial of a quiet spell is recorded in full; every
 * further one is counted and written as one summary entry ("N more denied attempts in the last M s")
 * at most once per `windowMs`. A viewer hammering a lever writes a handful of entries, not thousands,
 * and the counts stay exact: the first entry plus the summaries' N is every attempt.
 */
export class DenialDigest {
  private readonly windows = new Map<string, Window>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly auditLog: AuditLog,
    private readonly windowMs: number,
  ) {}

  /** A denied attempt: recorded in full when it is the spell's first denial that was not rate-limited, else counted. */
  async deny(draft: AuditDraft & { actor: string; role: Role }, rateLimited: boolean): Promise<void> {
    const open = this.windows.get(draft.actor);
    if (open && (rateLimited || open.detailed)) {
      open.more++;
      if (rateLimited) open.rateLimited++;
      return;
    }
    if (open) {
      open.detailed = true;
      await this.auditLog.record(draft);
      return;
    }
    const window: Window = {
      openedAt: performance.now(),
      role: draft.role,
      drill: draft.drill ?? false,
      more: rateLimited ? 1 : 0,
      rateLimited: rateLimited ? 1 : 0,
      detailed: !rateLimited,
      timer: setTimeout(() => void this.track(this.summarize(draft.actor)), this.windowMs),
    };
    window.timer.unref();
    this.windows.set(draft.actor, window);
    if (!rateLimited) await this.auditLog.record(draft);
  }

  /** Writes every open summary now (on shutdown) and waits for the writes. */
  async flush(): Promise<void> {
    for (const actor of [...this.windows.keys()]) {
      clearTimeout(this.windows.get(actor)?.timer);
      void this.track(this.summarize(actor, false));
    }
    await Promise.allSettled([...this.pending]);
  }

  private async summarize(actor: string, reopen = true): Promise<void> {
    const window = this.windows.get(actor);
    if (!window) return;
    if (window.more === 0) {
      this.windows.delete(actor);
      return;
    }
    const { more, rateLimited, role, drill } = window;
    const seconds = ((performance.now() - window.openedAt) / 1000).toFixed(1);
    if (reopen) {
      // Another spell of at most windowMs: a flood goes on writing one summary per window.
      window.openedAt = performance.now();
      window.more = 0;
      window.rateLimited = 0;
      window.timer = setTimeout(() => void this.track(this.summarize(actor)), this.windowMs);
      window.timer.unref();
    } else {
      this.windows.delete(actor);
    }
    const limited = rateLimited > 0 ? ` (${rateLimited} of them refused for the rate limit)` : '';
    await this.auditLog.record({
      kind: 'controls_denied',
      actor,
      role,
      reason: null,
      text: `${more} more denied attempts in the last ${seconds} s${limited}`,
      drill,
    });
  }

  private track<T>(work: Promise<T>): Promise<T | undefined> {
    const done = work.then(
      (value) => value,
      () => undefined,
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return done;
  }
}

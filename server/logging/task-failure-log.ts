import type { FastifyBaseLogger } from 'fastify';
import { StoreUnavailableError } from '../store';

/** How often a task that keeps failing is reported again while it fails. */
export const TASK_FAILURE_EVERY_MS = 60_000;

/**
 * The log of a task a node runs every second or so (provider health sync, the snapshot cycle,
 * drill progress): a store outage fails it every time, and a line each (with its stack) would bury
 * everything else. Its first failure is written; while it keeps failing, one line per interval
 * says how many failed and since when; the first success after failures says it recovered. A
 * store that is simply unreachable is written as its message, without a stack.
 */
export class TaskFailureLog {
  private failures = 0;
  private since = 0;
  private lastLineAt = 0;

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly task: string,
    private readonly now: () => number,
    private readonly everyMs = TASK_FAILURE_EVERY_MS,
  ) {}

  failed(err: unknown): void {
    const now = this.now();
    this.failures++;
    if (this.failures === 1) {
      this.since = now;
      this.lastLineAt = now;
      this.log.warn(described(err), `${this.task} failed`);
      return;
    }
    if (now - this.lastLineAt < this.everyMs) return;
    this.lastLineAt = now;
    this.log.warn({ ...described(err), failures: this.failures, failingForSec: Math.round((now - this.since) / 1000) }, `${this.task} still failing`);
  }

  succeeded(): void {
    if (this.failures === 0) return;
    const failedForSec = Math.round((this.now() - this.since) / 1000);
    this.log.info({ failures: this.failures, failedForSec }, `${this.task} recovered`);
    this.failures = 0;
  }

  /** Runs `work`, recording how it went; never rejects. */
  async run(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.succeeded();
    } catch (err) {
      this.failed(err);
    }
  }
}

/** A store that is simply unreachable needs no stack: what it said is enough. */
function described(err: unknown): Record<string, unknown> {
  if (err instanceof StoreUnavailableError) return { store: 'unreachable', cause: err.cause instanceof Error ? err.cause.message : String(err.cause) };
  return { err };
}

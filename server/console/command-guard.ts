import type { FastifyBaseLogger } from 'fastify';
import Value from 'typebox/value';
import {
  COMMAND_PAYLOADS,
  refusal,
  success,
  type Ack,
  type AckFn,
  type CommandEvent,
  type CommandPayload,
  type ConsoleErrorCode,
  type Outcome,
} from '../../protocol';
import { StoreUnavailableError } from '../store';
import type { ConsoleSocket } from './console-namespace';

/** What the client sent, checked against the event's schema: the typed payload, or why it does not fit. */
export type Attempt<E extends CommandEvent> = Outcome<CommandPayload<E>, 'bad_request'>;

/** A command's answer: done, or refused with a code the ack may carry. */
export type CommandOutcome = Outcome<unknown, ConsoleErrorCode>;

/**
 * Handles one command. It gets the checked attempt rather than the bare payload so that it may
 * refuse on role or mode first (a viewer's junk is `forbidden`, not `bad_request`).
 */
export type CommandHandler<E extends CommandEvent> = (attempt: Attempt<E>) => Promise<CommandOutcome>;

export interface CommandOptions<E extends CommandEvent> {
  /** What a missing payload (none, `undefined`, `null`) stands for; without it, it is checked as sent. */
  absent?: CommandPayload<E>;
  /** The sender's budget: beyond it the command is acked `rate_limited` without running. */
  budget?: CommandBudget;
  /** Told of each command refused for the budget (the denial digest counts them). */
  onRateLimited?: (event: E) => void;
  /** The ack carries the outcome's value (commands that answer a question). */
  reply?: boolean;
}

/**
 * Commands per operator on this node: a token bucket of `burst` tokens refilled at `perSec`, shared by
 * all of the operator's sockets. A person at a console sends a few commands a minute; a script
 * sending thousands is refused before any work or audit write.
 */
export class CommandBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSec: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `operator`; false when none is left. */
  take(operator: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(operator) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSec);
    bucket.at = now;
    this.buckets.set(operator, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** The one place a refusal becomes an ack. */
export function ackOf(outcome: CommandOutcome, reply = false): Ack {
  if (outcome.ok) return reply ? { ok: true, value: outcome.value } : { ok: true };
  return { ok: false, error: outcome.code, message: outcome.message };
}

/** Checks a payload against the event's schema; the first schema error names what is wrong. */
export function checkPayload<E extends CommandEvent>(event: E, payload: unknown): Attempt<E> {
  const schema = COMMAND_PAYLOADS[event];
  if (Value.Check(schema, payload)) return success(payload);
  const first = [...Value.Errors(schema, payload)][0];
  const where = first?.instancePath || 'payload';
  return refusal('bad_request', first ? `${where} ${first.message}` : 'invalid payload');
}

function isAckFn(value: unknown): value is AckFn {
  return typeof value === 'function';
}

/**
 * Registers a console command so that no payload can crash it: any arguments (or none, or no
 * ack callback) are accepted; failures become `{ ok: false }` acks and are logged.
 */
export function onCommand<E extends CommandEvent>(
  socket: ConsoleSocket,
  log: FastifyBaseLogger,
  event: E,
  handler: CommandHandler<E>,
  options: CommandOptions<E> = {},
): void {
  const listener = (...args: unknown[]): void => {
    const last = args.at(-1);
    const ack = isAckFn(last) ? last : undefined;
    const sent = isAckFn(args[0]) ? undefined : args[0];
    const respond = (outcome: CommandOutcome) => {
      const result = ackOf(outcome, options.reply);
      // A flood is refused quietly: the denial digest writes it up, the log is spared thousands of lines.
      if (!result.ok && result.error !== 'rate_limited')
        log.info({ event, operator: socket.data.username, error: result.error, message: result.message }, 'console command refused');
      try {
        ack?.(result);
      } catch {
        // A client's ack callback cannot throw on the server; nothing to do.
      }
    };
    if (options.budget && !options.budget.take(socket.data.username)) {
      options.onRateLimited?.(event);
      respond(refusal('rate_limited', 'Too many commands; wait a moment and try again.'));
      return;
    }
    let pending: Promise<CommandOutcome>;
    try {
      const payload = sent == null && options.absent !== undefined ? options.absent : sent;
      pending = handler(checkPayload(event, payload));
    } catch (err) {
      pending = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    pending.then(respond, (err: unknown) => {
      if (err instanceof StoreUnavailableError) {
        respond(refusal('store_unavailable', 'The store is unreachable; nothing was changed. Try again shortly.'));
        return;
      }
      log.error({ err, event }, 'console command failed');
      respond(refusal('internal', 'Something went wrong on our side; it has been logged.'));
    });
  };
  // Widened to the union of command names: the listener takes whatever arrived, so it fits each.
  const name: CommandEvent = event;
  socket.on(name, listener);
}

import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { Ack } from '../../protocol';
import { StoreUnavailableError } from '../store';

export type CommandHandler = (payload: unknown) => Promise<Ack>;

/**
 * Registers a console command so that no payload can crash it: any arguments (or none, or no
 * ack callback) are accepted; failures become `{ ok: false }` acks and are logged.
 */
export function onCommand(socket: Socket, log: FastifyBaseLogger, event: string, handler: CommandHandler): void {
  socket.on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (a: Ack) => void) : undefined;
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    const respond = (result: Ack) => {
      if (!result.ok) log.info({ event, operator: socket.data.username, error: result.error, message: result.message }, 'console command refused');
      try {
        ack?.(result);
      } catch {
        // A client's ack callback cannot throw on the server; nothing to do.
      }
    };
    let pending: Promise<Ack>;
    try {
      pending = handler(payload);
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(respond, (err: unknown) => {
      if (err instanceof StoreUnavailableError) {
        respond({ ok: false, error: 'store_unavailable', message: 'The store is unreachable; nothing was changed. Try again shortly.' });
        return;
      }
      log.error({ err, event }, 'console command failed');
      respond({ ok: false, error: 'internal', message: 'Something went wrong on our side; it has been logged.' });
    });
  });
}

/** A `bad_request` ack naming the first schema error, or null when the payload fits. */
export function schemaError(schema: TSchema, payload: unknown): Ack | null {
  if (Value.Check(schema, payload)) return null;
  const first = [...Value.Errors(schema, payload)][0];
  const where = first?.instancePath || 'payload';
  return { ok: false, error: 'bad_request', message: first ? `${where} ${first.message}` : 'invalid payload' };
}

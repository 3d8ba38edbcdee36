import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  COMMAND_PAYLOADS,
  success,
  type Ack,
  type AckFn,
  type ClientToServerEvents,
  type CommandEvent,
  type CommandPayload,
  type ControlsUpdatePayload,
  type Outcome,
} from '../../protocol';
import type { ConsoleSocket as ClientSocket } from '../../renderer/connection/consoleConnection';
import { ackOf, onCommand, type Attempt } from '../../server/console/command-guard';
import type { ConsoleSocket as ServerSocket } from '../../server/console/console-namespace';

// These two are checked by the compiler (`tsc -p .` covers test/) and never called: every
// `@ts-expect-error` below fails the type check if the line under it ever compiles.

function clientEmits(socket: ClientSocket): void {
  socket.emit('controls:update', { patch: { admissionRatePerSec: 50 }, reason: 'steady the rate' }, (ack) => {
    expectTypeOf(ack).toEqualTypeOf<Ack>();
  });
  socket.timeout(1000).emit('alert:ack', { id: 'a1' }, (err, ack) => {
    expectTypeOf(err).toEqualTypeOf<Error>();
    expectTypeOf(ack).toEqualTypeOf<Ack>();
  });
  // @ts-expect-error: the rate is a number, not a word
  socket.emit('controls:update', { patch: { admissionRatePerSec: 'fast' }, reason: 'wrong type' }, () => {});
  // @ts-expect-error: a change needs a reason
  socket.emit('controls:update', { patch: { gate: 'paused' } }, () => {});
  // @ts-expect-error: the gate has no such state
  socket.emit('controls:update', { patch: { gate: 'ajar' }, reason: 'no such gate' }, () => {});
  // @ts-expect-error: another event's payload
  socket.emit('controls:update', { id: 'a1' }, () => {});
  // @ts-expect-error: no such command
  socket.emit('controls:replace', {}, () => {});
}

function serverRegisters(socket: ServerSocket, log: FastifyBaseLogger): void {
  onCommand(socket, log, 'controls:update', async (attempt) => {
    expectTypeOf(attempt).toEqualTypeOf<Outcome<ControlsUpdatePayload, 'bad_request'>>();
    if (attempt.ok) expectTypeOf(attempt.value.reason).toEqualTypeOf<string>();
    return success(null);
  });
  // @ts-expect-error: alert:ack carries { id: string }, not a number
  onCommand(socket, log, 'alert:ack', async (attempt: Outcome<{ id: number }, 'bad_request'>) => success(attempt));
  // @ts-expect-error: a handler written for another event's payload
  onCommand(socket, log, 'alert:ack', async (attempt: Attempt<'incident:note'>) => success(attempt));
  // @ts-expect-error: a refusal code the ack cannot carry
  onCommand(socket, log, 'incident:note', async () => ({ ok: false, code: 'sold_out', message: 'not a console code' }));
  // @ts-expect-error: the raw listener is typed by the same event map
  socket.on('alert:ack', (payload: { id: number }) => void payload);
}

describe('console event types', () => {
  it('derives every command payload from the one schema map', () => {
    expectTypeOf<keyof ClientToServerEvents>().toEqualTypeOf<CommandEvent>();
    expectTypeOf<CommandPayload<'controls:update'>>().toEqualTypeOf<ControlsUpdatePayload>();
    expectTypeOf<Parameters<ClientToServerEvents['controls:update']>[0]>().toEqualTypeOf<ControlsUpdatePayload>();
    expectTypeOf<CommandPayload<'history:range'>>().toEqualTypeOf<{ from: number; to: number }>();
    expect(Object.keys(COMMAND_PAYLOADS).sort()).toEqual([
      'alert:ack',
      'controls:update',
      'drill:start',
      'drill:stop',
      'history:range',
      'incident:note',
      'notice:clear',
      'notice:post',
    ]);
  });

  it('answers every command with an Ack', () => {
    expectTypeOf<Parameters<ClientToServerEvents['drill:start']>[1]>().toEqualTypeOf<AckFn>();
    expectTypeOf<Parameters<AckFn>[0]>().toEqualTypeOf<Ack>();
    expectTypeOf(ackOf).returns.toEqualTypeOf<Ack>();
    expect(ackOf({ ok: false, code: 'forbidden', message: 'Your role may not run drills.' })).toEqual({
      ok: false,
      error: 'forbidden',
      message: 'Your role may not run drills.',
    });
    // Only a command that answers a question carries its value.
    expect(ackOf({ ok: true, value: { points: [] } })).toEqual({ ok: true });
    expect(ackOf({ ok: true, value: { points: [] } }, true)).toEqual({ ok: true, value: { points: [] } });
  });

  it('is checked by the compiler, not run', () => {
    expectTypeOf(clientEmits).toBeFunction();
    expectTypeOf(serverRegisters).toBeFunction();
  });
});

import type { FastifyInstance } from 'fastify';
import { HISTORY_RANGE_MAX_MS, may, refusal, success, type Action, type CommandEvent, type HistoryRangeReply } from '../../protocol';
import type { AlertEngine } from '../alerts/alert-engine';
import type { DenialDigest } from '../audit/denial-digest';
import { registerNoticeCommands } from '../notices/notice-commands';
import { onCommand, type CommandBudget, type CommandHandler, type CommandOptions } from './command-guard';
import type { ConsoleNamespace, ConsoleSocket } from './console-namespace';

const forbidden = (what: string) => refusal('forbidden', `Your role may not ${what}.`);
const notTraining = () => refusal('not_training', 'Drills run only on a server in training mode.');

/** What guards every operator's commands on this node: the per-operator budget and the denial digest. */
export interface CommandGuards {
  budget: CommandBudget;
  denials: DenialDigest;
}

/** The console's levers, each an emit with an ack; the sender's budget first, then roles, then the payload's shape. */
export function registerConsoleCommands(
  app: FastifyInstance,
  nsp: ConsoleNamespace,
  socket: ConsoleSocket,
  alerts: AlertEngine,
  guards: CommandGuards,
  history: { range(from: number, to: number): Promise<HistoryRangeReply> },
): void {
  const { store, clock, log } = app;
  const auditLog = app.auditLog;
  const me = { username: socket.data.username, role: socket.data.role };
  const mayDo = (action: Action, drillRunning = false) => may(me.role, action, { drillRunning });
  const rateLimited = () => {
    void guards.denials.deny({ kind: 'controls_denied', actor: me.username, role: me.role, reason: null }, true).catch(() => {});
  };
  const command = <E extends CommandEvent>(event: E, handler: CommandHandler<E>, options: CommandOptions<E> = {}): void =>
    onCommand(socket, log, event, handler, { ...options, budget: guards.budget, onRateLimited: rateLimited });

  command('controls:update', async (attempt) => {
    const drill = await store.console.drill();
    if (!mayDo('controls:update', drill.running)) {
      const tried = attempt.ok ? attempt.value : null;
      await guards.denials.deny(
        { kind: 'controls_denied', actor: me.username, role: me.role, reason: tried?.reason ?? null, after: tried?.patch, drill: drill.running },
        false,
      );
      return forbidden(me.role === 'trainer' ? 'change controls outside a drill' : 'change controls');
    }
    if (!attempt.ok) return attempt;
    const { patch, reason } = attempt.value;
    // The change and its audit entry are one atomic write: both or neither, and the ack says which.
    const change = await app.controls.update(patch, { actor: me.username, role: me.role, reason, at: clock.now(), drill: drill.running });
    if (change.ok && change.value.entry) auditLog.announce(change.value.entry);
    return change;
  });

  registerNoticeCommands(app, nsp, socket, command);

  command('alert:ack', async (attempt) => {
    if (!mayDo('alert:ack')) return forbidden('acknowledge alerts');
    if (!attempt.ok) return attempt;
    return alerts.ack(attempt.value.id, me, clock.now());
  });

  command('incident:note', async (attempt) => {
    if (!mayDo('incident:note')) return forbidden('write to the incident timeline');
    if (!attempt.ok) return attempt;
    await auditLog.record({ kind: 'note', actor: me.username, role: me.role, reason: null, text: attempt.value.text });
    return success(null);
  });

  command('drill:start', async (attempt) => {
    if (!mayDo('drill:run')) return forbidden('run drills');
    if (app.config.mode !== 'training') return notTraining();
    if (!attempt.ok) return attempt;
    // Relayed to a drill runner (server/drills), which must have the scenario.
    return app.drills.start(me, attempt.value);
  });

  command(
    'history:range',
    async (attempt) => {
      if (!mayDo('history:read')) return forbidden('read the history');
      if (!attempt.ok) return attempt;
      const { from, to } = attempt.value;
      if (to < from) return refusal('bad_request', '/to must be at or after /from');
      if (to - from > HISTORY_RANGE_MAX_MS) return refusal('bad_request', `a range spans at most ${HISTORY_RANGE_MAX_MS / 3600_000} hours`);
      return success(await history.range(from, to));
    },
    { reply: true },
  );

  command(
    'drill:stop',
    async (attempt) => {
      if (!mayDo('drill:run')) return forbidden('run drills');
      if (app.config.mode !== 'training') return notTraining();
      if (!attempt.ok) return attempt;
      return app.drills.stop(me);
    },
    { absent: {} },
  );
}

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import {
  AlertAckPayload,
  ControlsUpdatePayload,
  DrillStartPayload,
  DrillStopPayload,
  IncidentNotePayload,
  type Ack,
  type ConsoleSocketData,
  type DrillState,
  type Role,
} from '../../protocol';
import type { AlertDesk } from '../alerts/alert-desk';
import { onCommand, schemaError } from './command-guard';
import { NO_DRILL } from './drill-state';

const forbidden = (what: string): Ack => ({ ok: false, error: 'forbidden', message: `Your role may not ${what}.` });

const MAY_ACT: Role[] = ['commander', 'trainer', 'admin'];
const MAY_DRILL: Role[] = ['trainer', 'admin'];

/** The console's levers, each an emit with an ack; roles checked first, then the payload's shape. */
export function registerConsoleCommands(app: FastifyInstance, nsp: Namespace, socket: Socket, alerts: AlertDesk): void {
  const operator = socket.data as ConsoleSocketData;
  const { auditLog, store, clock, log } = app;
  const me = { username: operator.username, role: operator.role };

  onCommand(socket, log, 'controls:update', async (payload) => {
    const drill = await store.console.drill();
    const allowed = operator.role === 'commander' || (operator.role === 'trainer' && drill.running);
    const shapeError = schemaError(ControlsUpdatePayload, payload);
    if (!allowed) {
      const attempt = shapeError ? null : (payload as ControlsUpdatePayload);
      await auditLog.record({
        kind: 'controls_denied',
        actor: me.username,
        role: me.role,
        reason: attempt?.reason ?? null,
        after: attempt?.patch,
        drill: drill.running,
      });
      return forbidden(operator.role === 'trainer' ? 'change controls outside a drill' : 'change controls');
    }
    if (shapeError) return shapeError;
    const { patch, reason } = payload as ControlsUpdatePayload;
    const change = await app.controls.update(patch);
    if (!change.ok) return { ok: false, error: change.error, message: change.message };
    await auditLog.record({ kind: 'controls', actor: me.username, role: me.role, reason, before: change.before, after: change.after, drill: drill.running });
    return { ok: true };
  });

  onCommand(socket, log, 'alert:ack', async (payload) => {
    if (!MAY_ACT.includes(operator.role)) return forbidden('acknowledge alerts');
    const shapeError = schemaError(AlertAckPayload, payload);
    if (shapeError) return shapeError;
    const outcome = await alerts.ack((payload as AlertAckPayload).id, me, clock.now());
    return outcome.ok ? { ok: true } : { ok: false, error: outcome.error, message: outcome.message };
  });

  onCommand(socket, log, 'incident:note', async (payload) => {
    if (!MAY_ACT.includes(operator.role)) return forbidden('write to the incident timeline');
    const shapeError = schemaError(IncidentNotePayload, payload);
    if (shapeError) return shapeError;
    await auditLog.record({ kind: 'note', actor: me.username, role: me.role, reason: null, text: (payload as IncidentNotePayload).text });
    return { ok: true };
  });

  onCommand(socket, log, 'drill:start', async (payload) => {
    if (!MAY_DRILL.includes(operator.role)) return forbidden('run drills');
    if (app.config.mode !== 'training') return { ok: false, error: 'not_training', message: 'Drills run only on a server in training mode.' };
    const shapeError = schemaError(DrillStartPayload, payload);
    if (shapeError) return shapeError;
    const { scenario, scale } = payload as DrillStartPayload;
    const drill: DrillState = { running: true, id: randomUUID(), scenario, startedAt: clock.now(), scale: scale ?? null };
    if (!(await store.console.startDrill(drill))) return { ok: false, error: 'drill_running', message: 'A drill is running already.' };
    await auditLog.record({ kind: 'drill_started', actor: me.username, role: me.role, reason: null, text: `scenario ${scenario}${scale ? `, scale 1:${scale}` : ''}`, drill: true });
    nsp.emit('drill', drill);
    return { ok: true };
  });

  onCommand(socket, log, 'drill:stop', async (payload) => {
    if (!MAY_DRILL.includes(operator.role)) return forbidden('run drills');
    if (app.config.mode !== 'training') return { ok: false, error: 'not_training', message: 'Drills run only on a server in training mode.' };
    const shapeError = schemaError(DrillStopPayload, payload ?? {});
    if (shapeError) return shapeError;
    const stopped = await store.console.stopDrill();
    if (!stopped) return { ok: false, error: 'no_drill', message: 'No drill is running.' };
    await auditLog.record({ kind: 'drill_stopped', actor: me.username, role: me.role, reason: null, text: `scenario ${stopped.scenario}`, drill: true });
    nsp.emit('drill', { ...NO_DRILL });
    return { ok: true };
  });
}

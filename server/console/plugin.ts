import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Server } from 'socket.io';
import { AlertEngine } from '../alerts/alert-engine';
import { AuditLog } from '../audit/audit-log';
import { Autopilot } from '../control/autopilot/autopilot';
import { OperatorDirectory } from '../operators/operator-directory';
import type { ConsoleNamespace } from './console-namespace';
import { attachConsoleSocket } from './console-socket';
import type { HistoryEncoding } from './history-encoding';
import { NodeSampler } from './node-sampler';
import { guardOperatorSessions } from './operator-sessions';
import { SnapshotCycle } from './snapshot-cycle';

export interface ConsoleGateway {
  io: Server;
  nsp: ConsoleNamespace;
  cycle: SnapshotCycle;
  alerts: AlertEngine;
  history: HistoryEncoding;
  autopilot: Autopilot;
}

declare module 'fastify' {
  interface FastifyInstance {
    operators: OperatorDirectory;
    auditLog: AuditLog;
    consoleGateway: ConsoleGateway;
  }
}

/** The operator gateway: operators, audit log, alerts, and Socket.IO `/console` with live snapshots. */
export const consolePlugin = fp(async (app: FastifyInstance) => {
  const { store, clock, config } = app;
  app.decorate('operators', new OperatorDirectory(store.operators, clock, { acceptDemo: config.mode === 'training' }));
  app.decorate('auditLog', new AuditLog(store, clock));
  const alerts = new AlertEngine(store, app.auditLog, config.console.alerts, config.nodeId);
  const sampler = new NodeSampler(config.nodeId, () => app.metrics.served.count);

  let sockets = () => 0;
  const cycle = new SnapshotCycle(app, sampler, alerts, () => sockets());
  const { io, nsp, history } = attachConsoleSocket(app, cycle, alerts);
  sockets = () => nsp.sockets.size;
  const stopGuard = await guardOperatorSessions(app, nsp);

  const autopilot = new Autopilot(store, app.controls, app.auditLog, clock, app.log, config.nodeId, config.autopilot, {
    providerP95Ms: config.identity.lights.yellowP95Ms,
    inflightShare: 0.9,
    bookingFailureShare: 0.05,
    eventLoopLagMs: config.console.alerts.eventLoopLagMs,
    sessionShare: 0.95,
    minTrafficShare: 0.1,
  });
  cycle.on('snapshot', (snapshot) => void autopilot.step(snapshot));
  app.decorate('consoleGateway', { io, nsp, cycle, alerts, history, autopilot });

  await cycle.start();
  app.addHook('onClose', async () => {
    stopGuard();
    await cycle.stop();
    await autopilot.stop();
  });
});

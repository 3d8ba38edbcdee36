import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ConsoleSocketData, ServerToClientEvents } from '../../protocol';
import type { AlertEngine } from '../alerts/alert-engine';
import type { RedisStore } from '../store/redis';
import { openRedis, recycleWhenStalled } from '../store/redis/connection';
import { DenialDigest } from '../audit/denial-digest';
import { CommandBudget } from './command-guard';
import { registerConsoleCommands } from './console-commands';
import { consoleOriginAllowed } from './console-origins';
import { HistoryEncoding } from './history-encoding';
import type { ConsoleNamespace } from './console-namespace';
import { authenticateToken, SESSION_ENDED } from '../tokens/token-refusals';
import type { SnapshotCycle } from './snapshot-cycle';
import { currentDrill, DRILL_PLANNERS, drillFor, plansDrills } from '../drills/drill-view';

const MAX_TIMER_MS = 2 ** 31 - 1;
const HISTORY_ROOM = 'awaiting-history';
const FRESH_ROOM = 'just-connected';
const FRESH_MS = 5000;

/**
 * Socket.IO on the app's own HTTP server, namespace `/console`. With Redis, the streams
 * adapter carries broadcasts between nodes and backs connection-state recovery.
 */
export function attachConsoleSocket(
  app: FastifyInstance,
  cycle: SnapshotCycle,
  alerts: AlertEngine,
): { io: Server; nsp: ConsoleNamespace; history: HistoryEncoding } {
  const { config, store, clock } = app;
  let adapterRedis: Redis | undefined;
  const unwatch: (() => void)[] = [];
  let adapter: ReturnType<typeof createAdapter> | undefined;
  if (store.kind === 'redis' && config.redisUrl) {
    const key = (store as RedisStore).key;
    // Its own connection: the adapter blocks on XREAD, which the store's fail-fast client must not.
    adapterRedis = settleFireAndForget(openRedis(config.redisUrl, { connectionName: `${config.nodeId}-sio` }));
    adapterRedis.on('error', () => {});
    // The adapter duplicates this client for its readers; outages surface through the store, not as log noise.
    const duplicate = adapterRedis.duplicate.bind(adapterRedis);
    // A stalled connection is made anew like the store's; the readers block for up to a second on XREAD.
    unwatch.push(recycleWhenStalled(adapterRedis));
    adapterRedis.duplicate = (override) => {
      const reader = settleFireAndForget(duplicate(override)).on('error', () => {});
      unwatch.push(recycleWhenStalled(reader, { answerWithinMs: 3000 }));
      return reader;
    };
    adapter = createAdapter(adapterRedis, {
      streamName: key('sio'),
      channelPrefix: key('sio'),
      sessionKeyPrefix: key('sio:session:'),
      blockTimeInMs: 1000,
    });
  }
  const history = new HistoryEncoding(cycle.ring);
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConsoleSocketData>(app.server, {
    serveClient: false,
    // Only the server's own pages and the configured origins (the desktop app) may connect.
    cors: { origin: config.consoleOrigins, credentials: false },
    allowRequest: (request, callback) => {
      const allowed = consoleOriginAllowed(request, config.consoleOrigins, config.trustProxy !== false);
      if (!allowed) app.log.info({ origin: request.headers.origin, address: request.socket.remoteAddress }, 'console connection refused: origin not allowed');
      callback(null, allowed);
    },
    maxHttpBufferSize: 64 * 1024,
    // Only the big history message is compressed; per-second snapshots go as they are.
    perMessageDeflate: { threshold: 64 * 1024 },
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    ...(adapter ? { adapter } : {}),
  });
  history.install(io.encoder);
  io.of('/').use((_socket, next) => next(new Error('use the /console namespace')));
  const nsp: ConsoleNamespace = io.of('/console');

  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const checked = authenticateToken(app.tokens, 'operator', auth?.token);
    if (!checked.ok) {
      app.log.info({ error: checked.code, address: socket.handshake.address }, 'console connection refused');
      // The client reads `data.message` from its connect_error.
      return next(Object.assign(new Error(checked.code), { data: { message: checked.message } }));
    }
    const { operator, role, version, expiresAt } = checked.value;
    // The account must still stand as it was when the token was issued.
    app.operators.session({ operator, version }).then(
      (account) => {
        if (!account) {
          app.log.info({ operator, address: socket.handshake.address }, 'console connection refused: the account was removed, disabled or changed');
          return next(Object.assign(new Error(SESSION_ENDED.code), { data: { message: SESSION_ENDED.message } }));
        }
        socket.data.username = operator;
        socket.data.role = role;
        socket.data.version = version;
        const expiry = setTimeout(() => socket.disconnect(true), Math.min(Math.max(expiresAt - clock.now(), 0), MAX_TIMER_MS));
        expiry.unref();
        socket.once('disconnect', () => clearTimeout(expiry));
        next();
      },
      () => next(Object.assign(new Error('store_unavailable'), { data: { message: 'The store is unreachable; try again shortly.' } })),
    );
  });

  // Consoles that connect together (a reconnect storm) share one emit, and every console in the same
  // second shares one encoding of the ~2 MB history (HistoryEncoding).
  let historyDue = false;
  const sendHistory = () => {
    historyDue = false;
    nsp.local.to(HISTORY_ROOM).emit('history', history.payload());
    nsp.local.socketsLeave(HISTORY_ROOM);
  };

  const guards = {
    budget: new CommandBudget(config.console.commandBurst, config.console.commandsPerSec),
    denials: new DenialDigest(app.auditLog, config.console.denialSummaryMs),
  };

  nsp.on('connection', (socket) => {
    void socket.join(HISTORY_ROOM);
    if (plansDrills(socket.data.role)) void socket.join(DRILL_PLANNERS);
    void socket.join(FRESH_ROOM);
    setTimeout(() => void socket.leave(FRESH_ROOM), FRESH_MS).unref();
    if (!historyDue) {
      historyDue = true;
      setImmediate(sendHistory);
    }
    socket.emit('controls', { controls: app.controls.current, version: app.controls.version });
    void Promise.all([alerts.list(), currentDrill(store), app.notices.active()])
      .then(([list, drill, notices]) => {
        socket.emit('alerts', list);
        socket.emit('drill', drillFor(drill, socket.data.role));
        socket.emit('notices', notices);
      })
      .catch(() => {});
    registerConsoleCommands(app, nsp, socket, alerts, guards, cycle);
  });

  // Volatile, except to consoles that connected in the last few seconds: while their transport
  // upgrades a volatile emit is dropped, and the second after their history would be a hole in the chart.
  cycle.on('snapshot', (snapshot) => {
    nsp.local.except(FRESH_ROOM).volatile.emit('snapshot', snapshot);
    nsp.local.to(FRESH_ROOM).emit('snapshot', snapshot);
  });
  app.controls.on('change', (stored) => nsp.local.emit('controls', { controls: stored.controls, version: stored.version }));
  app.auditLog.on('entry', (entry) => nsp.emit('audit', entry));
  alerts.on('alert', (alert) => nsp.emit('alert', alert));
  alerts.on('localAlert', (alert) => nsp.local.emit('alert', alert));

  app.addHook('preClose', async () => {
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await guards.denials.flush();
    await Promise.allSettled([io.of('/').adapter.close(), nsp.adapter.close()]);
    for (const stop of unwatch) stop();
    adapterRedis?.disconnect();
  });
  return { io, nsp, history };
}

/**
 * The streams adapter fires PUBLISH, SUBSCRIBE and the SET that keeps a disconnected console's
 * session (connection state recovery) and drops their promises; when Redis goes away those reject
 * ("Connection is closed") with nobody listening, an unhandled rejection. Each gets a no-op
 * handler (callers that await still see the failure); outages are reported by the store.
 */
function settleFireAndForget(client: Redis): Redis {
  for (const name of ['publish', 'spublish', 'subscribe', 'ssubscribe', 'set'] as const) {
    const command = client[name].bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const pending = command(...args);
      pending.catch(() => {});
      return pending;
    };
  }
  return client;
}

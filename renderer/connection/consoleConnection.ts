import { io, type Socket } from 'socket.io-client';
import type { Ack, AuditEntry, ClientToServerEvents, HistoryRangeReply, ServerToClientEvents } from '../../protocol';
import type { LiveStore } from './liveStore';
import type { CommandResult, ConsoleCommands, Session } from './session';

/** The console's end of `/console`, typed by the protocol's event maps. */
export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8000;

export interface ConsoleConnection {
  commands: ConsoleCommands;
  close(): void;
}

export interface ConnectOptions {
  /** Called when the server refuses our token (expired, revoked): back to the login screen. */
  onRefused(message: string): void;
}

/**
 * Opens the `/console` namespace with the session token and feeds every server event into the
 * store. Socket.IO reconnects on its own after a transport loss; a refusal by the server ends it.
 */
export function connectConsole(store: LiveStore, session: Session, options: ConnectOptions): ConsoleConnection {
  const socket: ConsoleSocket = io(`${session.serverUrl}/console`, {
    auth: { token: session.token },
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    timeout: 5000,
  });
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  socket.on('connect', () => {
    store.setLink('connected');
    void fetchAudit(session).then((entries) => {
      if (!closed && entries) store.receiveAudit(entries);
    });
  });
  socket.on('disconnect', (reason) => {
    store.setLink('disconnected', reason);
    // The server closed us on purpose (restart, shutdown): try again; a bad token is refused at connect.
    if (reason === 'io server disconnect' && !closed) {
      retryTimer = setTimeout(() => socket.connect(), 1000);
    }
  });
  socket.on('connect_error', (err) => {
    store.setLink('disconnected', err.message);
    // Not active any more: the server's middleware refused the handshake, retrying will not help.
    const told = (err as Error & { data?: { message?: unknown } }).data?.message;
    if (!socket.active && !closed) options.onRefused(typeof told === 'string' ? told : err.message);
  });
  socket.on('snapshot', (snapshot) => store.receiveSnapshot(snapshot));
  socket.on('history', (history) => store.receiveHistory(history.snapshots));
  socket.on('controls', (event) => store.receiveControls(event.controls));
  socket.on('alerts', (alerts) => store.receiveAlerts(alerts));
  socket.on('alert', (alert) => store.receiveAlerts([alert]));
  socket.on('drill', (drill) => store.receiveDrill(drill));
  socket.on('audit', (entry) => store.receiveAudit([entry]));
  socket.on('notices', (notices) => store.receiveNotices(notices));
  socket.on('drillReport', () => store.receiveDrillReport());

  /** Sends one command and resolves with the server's ack, or a local failure (offline, no answer). */
  function command(emit: (done: (err: Error | null, ack: Ack) => void) => void): Promise<CommandResult> {
    return new Promise((resolve) => {
      if (!socket.connected) {
        resolve({ ok: false, error: 'not_connected', message: 'not connected to the server' });
        return;
      }
      emit((err, ack) => {
        if (err || !ack) resolve({ ok: false, error: 'timeout', message: 'the server did not answer in time' });
        else resolve(ack);
      });
    });
  }

  return {
    commands: {
      updateControls: (payload) => command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('controls:update', payload, done)),
      ackAlert: (id) => command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('alert:ack', { id }, done)),
      addNote: (text) => command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('incident:note', { text }, done)),
      postNotice: (payload) => command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('notice:post', payload, done)),
      clearNotice: (payload) => command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('notice:clear', payload, done)),
      startDrill: (payload) => command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('drill:start', payload, done)),
      stopDrill: () => command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('drill:stop', {}, done)),
      historyRange: async (from, to) => {
        const ack = await command((done) => socket.timeout(ACK_TIMEOUT_MS).emit('history:range', { from, to }, done));
        return ack.ok && ack.value ? (ack.value as HistoryRangeReply) : null;
      },
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

/** GET /api/v1/console/audit: the timeline so far (the socket only brings what happens next). */
export async function fetchAudit(session: Session): Promise<AuditEntry[] | null> {
  try {
    // The last twelve hours: the night's timeline, not the log's first thousand lines.
    const since = Math.max(0, Date.now() - 12 * 3600_000);
    const response = await fetch(`${session.serverUrl}/api/v1/console/audit?since=${since}&limit=2000`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { entries?: AuditEntry[] } | AuditEntry[];
    return Array.isArray(body) ? body : (body.entries ?? null);
  } catch {
    return null;
  }
}

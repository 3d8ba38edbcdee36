import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import type { Ack, ClientToServerEvents, HistoryPayload, Role, ServerToClientEvents } from '../../../protocol';
import type { ConsoleSocket } from '../../../renderer/connection/consoleConnection';
import { baseUrl } from '../../support/cluster';

export type ConsoleClient = ConsoleSocket & {
  /** The `history` sent on connect (listened for before connecting, so it cannot be missed). */
  history: Promise<HistoryPayload>;
};

export const PASSWORD = 'correct horse battery';

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Response> {
  return fetch(`${baseUrl(app)}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** Creates an operator (if new) and returns a token for it. */
export async function operatorToken(app: FastifyInstance, username: string, role: Role): Promise<string> {
  await app.operators.add(username, role, PASSWORD);
  const res = await login(app, username);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A real socket.io-client on /console; resolves once connected (or rejects with the connect_error). */
export async function connectConsole(app: FastifyInstance, token: unknown): Promise<ConsoleClient> {
  const raw: ConsoleSocket = io(`${baseUrl(app)}/console`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const history = new Promise<HistoryPayload>((resolve) => raw.once('history', resolve));
  const socket = Object.assign(raw, { history });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return socket;
}

export function emitAck(socket: ConsoleClient, event: keyof ClientToServerEvents, payload: unknown): Promise<Ack> {
  return (socket.timeout(5000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack> }).emitWithAck(event, payload);
}

/** Resolves with the next `event` payload that satisfies `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ConsoleClient,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

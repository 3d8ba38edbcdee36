import { createContext, useContext } from 'react';
import type { Ack, ControlsUpdatePayload, DrillStartPayload, HistoryRangeReply, LoginReply, NoticeClearPayload, NoticePostPayload, Role } from '../../protocol';

/** The server's ack, or a failure this console saw itself (offline, no answer in time). */
export type CommandResult = Ack | { ok: false; error: 'not_connected' | 'timeout' | 'offline'; message: string };

/** What the console may ask of the server; every command answers with the server's ack. */
export interface ConsoleCommands {
  updateControls(payload: ControlsUpdatePayload): Promise<CommandResult>;
  ackAlert(id: string): Promise<CommandResult>;
  addNote(text: string): Promise<CommandResult>;
  /** A notice to every citizen page (commander, admin; trainer in a drill). */
  postNotice(payload: NoticePostPayload): Promise<CommandResult>;
  clearNotice(payload: NoticeClearPayload): Promise<CommandResult>;
  /** Trainers and admins, training mode: relayed to the drill runner. */
  startDrill(payload: DrillStartPayload): Promise<CommandResult>;
  stopDrill(): Promise<CommandResult>;
  /** The night between `from` and `to` (ms) at the server's finest kept resolution; null when it could not answer. */
  historyRange(from: number, to: number): Promise<HistoryRangeReply | null>;
}

export interface Session {
  serverUrl: string;
  username: string;
  token: string;
  role: Role;
  expiresAt: number;
}

export interface SessionValue {
  session: Session;
  commands: ConsoleCommands;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a SessionContext provider');
  return value;
}

export class LoginError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function normaliseServerUrl(raw: string): string {
  return raw.trim().replace(/\/+$/, '');
}

/** POST /api/v1/console/login. */
export async function logIn(serverUrl: string, username: string, password: string): Promise<Session> {
  const base = normaliseServerUrl(serverUrl);
  const response = await fetch(`${base}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json().catch(() => null)) as (Partial<LoginReply> & { error?: string; message?: string }) | null;
  if (!response.ok || !body || typeof body.token !== 'string' || !body.role) {
    throw new LoginError(body?.error ?? `http_${response.status}`, body?.message ?? response.statusText);
  }
  return { serverUrl: base, username, token: body.token, role: body.role, expiresAt: body.expiresAt ?? 0 };
}

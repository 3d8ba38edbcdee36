import type { Namespace, Socket } from 'socket.io';
import type { ClientToServerEvents, ConsoleSocketData, ServerToClientEvents } from '../../protocol';

/** The `/console` namespace, typed once from the protocol's event maps and socket data. */
export type ConsoleNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConsoleSocketData>;

/** One operator's connection to `/console`. */
export type ConsoleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ConsoleSocketData>;

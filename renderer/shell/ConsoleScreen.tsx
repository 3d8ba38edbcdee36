import { useEffect, useMemo, useState } from 'react';
import { connectConsole, type ConsoleConnection } from '../connection/consoleConnection';
import { LiveStore } from '../connection/liveStore';
import { SessionContext, type Session } from '../connection/session';
import { LiveStoreContext } from '../connection/useLive';
import { Dashboard } from './Dashboard';

export interface ConsoleScreenProps {
  session: Session;
  wall: boolean;
  onToggleWall(): void;
  onLogout(reason?: string): void;
}

/** One logged-in console: its live store, its socket, and the dashboard over them. */
export function ConsoleScreen({ session, wall, onToggleWall, onLogout }: ConsoleScreenProps) {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new session gets a fresh live store.
  const store = useMemo(() => new LiveStore(), [session]);
  const [connection, setConnection] = useState<ConsoleConnection | null>(null);

  useEffect(() => {
    const conn = connectConsole(store, session, { onRefused: (message) => onLogout(message) });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the socket is the external system this effect opens; render waits for it.
    setConnection(conn);
    const ticker = setInterval(() => store.tick(), 500);
    return () => {
      clearInterval(ticker);
      conn.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onLogout is the parent's stable setter wrapper; reconnect only for a new session.
  }, [store, session]);

  if (!connection) return null;
  return (
    <LiveStoreContext.Provider value={store}>
      <SessionContext.Provider value={{ session, commands: connection.commands }}>
        <Dashboard wall={wall} onToggleWall={onToggleWall} onLogout={() => onLogout()} />
      </SessionContext.Provider>
    </LiveStoreContext.Provider>
  );
}

import { useState } from 'react';
import type { Session } from '../connection/session';
import { LoginScreen } from '../panels/login/LoginScreen';
import { ConsoleScreen } from './ConsoleScreen';

function wallFromUrl(): boolean {
  return new URLSearchParams(window.location.search).get('wall') === '1';
}

function setWallInUrl(wall: boolean): void {
  const url = new URL(window.location.href);
  if (wall) url.searchParams.set('wall', '1');
  else url.searchParams.delete('wall');
  window.history.replaceState(null, '', url);
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [wall, setWall] = useState(wallFromUrl);

  if (!session) return <LoginScreen defaultServerUrl={window.location.origin} onLoggedIn={setSession} notice={notice} />;
  return (
    <ConsoleScreen
      session={session}
      wall={wall}
      onToggleWall={() => {
        setWallInUrl(!wall);
        setWall(!wall);
      }}
      onLogout={(reason) => {
        setNotice(reason ?? null);
        setSession(null);
      }}
    />
  );
}

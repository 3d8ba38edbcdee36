import { useState } from 'react';
import type { Session } from '../connection/session';
import { desktopBridge } from '../notifications/desktopBridge';
import { useDesktopServerUrl } from '../notifications/useDesktopServerUrl';
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
  // Inside the desktop shell the page is sluice://app, not the server: the shell says where it is.
  const desktopServerUrl = useDesktopServerUrl();

  if (desktopServerUrl === undefined) return null;
  if (!session) return <LoginScreen defaultServerUrl={desktopServerUrl ?? window.location.origin} onLoggedIn={setSession} notice={notice} />;
  return (
    <ConsoleScreen
      session={session}
      wall={wall}
      onToggleWall={() => {
        void desktopBridge()
          ?.setWallMode(!wall)
          .catch(() => undefined);
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

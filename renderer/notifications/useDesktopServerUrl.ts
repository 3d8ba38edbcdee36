import { useEffect, useState } from 'react';
import { desktopBridge } from './desktopBridge';

/**
 * The server the desktop shell remembers (the console then talks to that absolute URL), null in a
 * plain browser or when none is set, undefined while the shell is being asked.
 */
export function useDesktopServerUrl(): string | null | undefined {
  const [bridge] = useState(desktopBridge);
  const [serverUrl, setServerUrl] = useState<string | null | undefined>(bridge ? undefined : null);
  useEffect(() => {
    if (!bridge) return;
    let live = true;
    bridge
      .getServerUrl()
      .then((url) => live && setServerUrl(url))
      .catch(() => live && setServerUrl(null));
    return () => {
      live = false;
    };
  }, [bridge]);
  return serverUrl;
}

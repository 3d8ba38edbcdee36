import { useEffect, useState } from 'preact/hooks';
import type { ProvidersStatusReply } from '../../protocol/providers';
import { api } from '../api/api';

const REFRESH_MS = 5000;

/** The providers' public lights, read again every few seconds while the tab is visible. */
export function useProviders(): ProvidersStatusReply | null {
  const [status, setStatus] = useState<ProvidersStatusReply | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const load = async () => {
      clearTimeout(timer);
      if (document.hidden) return;
      try {
        const next = await api<ProvidersStatusReply>('/providers/status');
        if (!stopped) setStatus(next);
      } catch {
        // Keep the last lights; try again on the next round.
      }
      if (!stopped) timer = setTimeout(() => void load(), REFRESH_MS);
    };
    const onVisibility = () => void load();
    document.addEventListener('visibilitychange', onVisibility);
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return status;
}

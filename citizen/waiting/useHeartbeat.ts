import { useEffect } from 'preact/hooks';
import { api } from '../api/api';

/** A ticket in the liveness sample says it is still there every `intervalSec` while the tab is visible. */
export function useHeartbeat(ticket: string, sampled: boolean, intervalSec: number | null): void {
  useEffect(() => {
    if (!sampled || !intervalSec) return;
    const beat = () => {
      if (!document.hidden) void api('/queue/heartbeat', { method: 'POST', token: ticket }).catch(() => {});
    };
    beat();
    const timer = setInterval(beat, intervalSec * 1000);
    return () => clearInterval(timer);
  }, [ticket, sampled, intervalSec]);
}

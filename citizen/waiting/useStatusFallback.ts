import { useEffect, useState } from 'preact/hooks';
import type { StatusReply } from '../../protocol/queue';
import { api } from '../api/api';

/**
 * For a server without the public queue state: poll `GET /queue/status` itself, as often as its
 * `pollAfterMs` says, and not while the tab is hidden. `ticket` null: not needed.
 */
export function useStatusFallback(ticket: string | null): { reply: StatusReply | null } {
  const [reply, setReply] = useState<StatusReply | null>(null);
  useEffect(() => {
    if (!ticket) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const poll = async () => {
      clearTimeout(timer);
      if (document.hidden || stopped) return;
      let next = 5000;
      try {
        const status = await api<StatusReply>('/queue/status', { token: ticket });
        if (stopped) return;
        setReply(status);
        if (status.state !== 'waiting') return;
        next = status.pollAfterMs;
      } catch {
        // Try again later.
      }
      timer = setTimeout(() => void poll(), next);
    };
    const onVisibility = () => void poll();
    document.addEventListener('visibilitychange', onVisibility);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ticket]);
  return { reply };
}

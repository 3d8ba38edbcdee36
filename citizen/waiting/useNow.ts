import { useEffect, useState } from 'preact/hooks';

/** The page's clock, moved on every `everyMs` while the tab is visible (a hidden tab needs no countdown). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) setNow(Date.now());
    }, everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

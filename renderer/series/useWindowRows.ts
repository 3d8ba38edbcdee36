import { useMemo, useRef } from 'react';
import type { Sample } from '../connection/sample';
import { useLive, useLiveStore } from '../connection/useLive';
import { sliceWindow, type ChartWindow } from './timeWindow';

/**
 * Chart rows for the chosen window, re-derived when the sample ring changes. While the window,
 * the drill and the history stay the same, `derive` gets its previous rows back so unchanged
 * buckets keep their arrays (and their charts do not redraw).
 */
export function useWindowRows<T>(
  window: ChartWindow,
  scope: string,
  derive: (samples: readonly Sample[], previous: T | undefined) => T,
): { rows: T; drillStartedAt: number | null } {
  const store = useLiveStore();
  const version = useLive((s) => s.samplesVersion);
  const drillStartedAt = useLive((s) => s.snapshot?.drill.startedAt ?? null);
  const historyEpoch = useLive((s) => s.historyEpoch);
  const previous = useRef<{ key: string; rows: T } | null>(null);
  /* eslint-disable react-hooks/refs -- `previous` is this memo's own cache of its last rows, read and written only inside it. */
  const rows = useMemo(() => {
    const key = `${scope}|${window}|${drillStartedAt}|${historyEpoch}`;
    const next = derive(sliceWindow(store.samples.toArray(), window, drillStartedAt), previous.current?.key === key ? previous.current.rows : undefined);
    previous.current = { key, rows: next };
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version is the ring's change counter; derive is expected to be a stable module function.
  }, [store, version, window, drillStartedAt, historyEpoch, scope]);
  /* eslint-enable react-hooks/refs */
  return { rows, drillStartedAt };
}

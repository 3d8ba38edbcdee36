import { useContext, useEffect, useMemo, useRef } from 'react';
import type { PastHistory } from '../connection/liveStore';
import type { Sample } from '../connection/sample';
import type { PastGap } from './downsample';
import { SessionContext } from '../connection/session';
import { useLive, useLiveStore } from '../connection/useLive';
import { NIGHT_MS, sliceWindow, windowBounds, windowKey, type ChartWindow } from './timeWindow';

/** The fetched past (older than the live ring) followed by the live samples. */
export function withPast(live: readonly Sample[], past: PastHistory | null): readonly Sample[] {
  if (!past || past.points.length === 0) return live;
  const firstLive = live[0]?.at ?? Infinity;
  const older = past.points.filter((p) => p.at < firstLive);
  return older.length === 0 ? live : [...older, ...live];
}

/**
 * Chart rows for the chosen window, re-derived when the sample ring changes. While the window,
 * the drill and the history stay the same, `derive` gets its previous rows back so unchanged
 * buckets keep their arrays (and their charts do not redraw). A window reaching back before the
 * live ring reads the fetched past in front of it (`useHistoryFetch`), with gaps judged on the
 * server's bucket width (the live samples' on their own 1 s beat).
 */
export function useWindowRows<T>(
  window: ChartWindow,
  scope: string,
  derive: (samples: readonly Sample[], previous: T | undefined, past?: PastGap) => T,
): { rows: T; drillStartedAt: number | null; pastBucketSec: number | null } {
  const store = useLiveStore();
  const version = useLive((s) => s.samplesVersion);
  const drillStartedAt = useLive((s) => s.snapshot?.drill.startedAt ?? null);
  const historyEpoch = useLive((s) => s.historyEpoch);
  const past = useLive((s) => s.past);
  const previous = useRef<{ key: string; rows: T } | null>(null);
  /* eslint-disable react-hooks/refs -- `previous` is this memo's own cache of its last rows, read and written only inside it. */
  const { rows, pastBucketSec } = useMemo(() => {
    const key = `${scope}|${windowKey(window)}|${drillStartedAt}|${historyEpoch}|${past?.from}|${past?.to}`;
    const samples = sliceWindow(withPast(store.samples.toArray(), past), window, drillStartedAt);
    const firstLive = store.samples.toArray()[0]?.at ?? Infinity;
    const usesPast = past !== null && samples.length > 0 && (samples[0] as Sample).at < firstLive;
    const pastGap = usesPast ? { until: firstLive, gapMs: Math.max(3000, past.bucketSec * 2500) } : undefined;
    const next = derive(samples, previous.current?.key === key ? previous.current.rows : undefined, pastGap);
    previous.current = { key, rows: next };
    return { rows: next, pastBucketSec: usesPast ? past.bucketSec : null };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version is the ring's change counter; derive is expected to be a stable module function.
  }, [store, version, window, drillStartedAt, historyEpoch, past, scope]);
  /* eslint-enable react-hooks/refs */
  return { rows, drillStartedAt, pastBucketSec };
}

/**
 * Fetches, once per window (and again after a reconnect), what a window needs from before the
 * live ring: a late console gets its range, not the whole night. Live samples append after it.
 */
export function useHistoryFetch(window: ChartWindow): void {
  const store = useLiveStore();
  const session = useContext(SessionContext);
  const historyEpoch = useLive((s) => s.historyEpoch);
  const connected = useLive((s) => s.link === 'connected');
  const drillStartedAt = useLive((s) => s.snapshot?.drill.startedAt ?? null);
  const key = windowKey(window);
  useEffect(() => {
    if (!session || !connected) return;
    const live = store.samples.toArray();
    const newest = live[live.length - 1]?.at ?? Date.now();
    const bounds = windowBounds(window, newest, drillStartedAt);
    const from = Math.max(0, Number.isFinite(bounds.from) ? bounds.from : newest - NIGHT_MS);
    const to = Number.isFinite(bounds.to) ? bounds.to : newest;
    const oldest = live[0]?.at;
    // The ring holds the window (a few seconds short of it is no reason to ask: the 15 min sent on connect span 899 s).
    if (oldest !== undefined && from >= oldest - 5000) return;
    const held = store.getState().past;
    if (held && held.from <= from && held.to >= Math.min(to, oldest ?? to)) return;
    let cancelled = false;
    void session.commands.historyRange(from, to).then((reply) => {
      if (!cancelled && reply) store.receivePast(from, to, reply);
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the window (a new object per drag).
  }, [key, historyEpoch, connected, drillStartedAt, session, store]);
}

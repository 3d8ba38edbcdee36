import { createContext, useContext, useSyncExternalStore } from 'react';
import { connectionStatus, isStale, type ConnectionStatus } from './connectionStatus';
import type { LiveState, LiveStore } from './liveStore';

export const LiveStoreContext = createContext<LiveStore | null>(null);

export function useLiveStore(): LiveStore {
  const store = useContext(LiveStoreContext);
  if (!store) throw new Error('useLiveStore outside a LiveStoreContext provider');
  return store;
}

/** Reads one slice of the live state; re-renders only when that slice changes (by identity). */
export function useLive<T>(selector: (state: LiveState) => T): T {
  const store = useLiveStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

export function useConnectionStatus(): ConnectionStatus {
  const link = useLive((s) => s.link);
  const receivedAt = useLive((s) => s.receivedAt);
  const now = useLive((s) => s.now);
  const storeUp = useLive((s) => s.snapshot?.store.up ?? true);
  return connectionStatus({ link, receivedAt, now, storeUp });
}

/** True while shown numbers are not live; re-renders only when that flips, not every tick. */
export function useStale(): boolean {
  return useLive((s) => isStale(statusOf(s)));
}

/** True while snapshots arrive but their node cannot reach the store; re-renders only when that flips. */
export function useStoreDown(): boolean {
  return useLive((s) => statusOf(s).kind === 'storeDown');
}

const statusOf = (s: LiveState): ConnectionStatus => connectionStatus({ ...s, storeUp: s.snapshot?.store.up ?? true });

import type { LiveState } from './liveStore';

/** No snapshot for longer than this and the numbers are stale. */
export const STALE_AFTER_MS = 3000;

export type ConnectionStatus =
  | { kind: 'live' }
  | { kind: 'connecting' }
  /** The socket is down and trying again; whatever is shown is as old as staleSec. */
  | { kind: 'reconnecting'; staleSec: number | null }
  /** Connected, but no snapshot for too long. */
  | { kind: 'stale'; staleSec: number | null }
  /**
   * Snapshots arrive, but their node cannot reach the store: they hold that node's own figures
   * only (nobody is admitted, nothing cluster-wide is counted), so they are not live either.
   */
  | { kind: 'storeDown' };

/** `storeUp`: what the last snapshot says of the store (absent: up). */
export function connectionStatus(state: Pick<LiveState, 'link' | 'receivedAt' | 'now'> & { storeUp?: boolean }): ConnectionStatus {
  const age = state.receivedAt === null ? null : Math.max(0, state.now - state.receivedAt);
  const staleSec = age === null ? null : Math.floor(age / 1000);
  if (state.link === 'connected') {
    if (age !== null && age <= STALE_AFTER_MS) return state.storeUp === false ? { kind: 'storeDown' } : { kind: 'live' };
    return state.receivedAt === null ? { kind: 'connecting' } : { kind: 'stale', staleSec };
  }
  if (state.link === 'connecting' && state.receivedAt === null) return { kind: 'connecting' };
  return { kind: 'reconnecting', staleSec };
}

/** Whether shown numbers must be greyed: anything but live. */
export function isStale(status: ConnectionStatus): boolean {
  return status.kind !== 'live';
}

import type { Alert } from '../../protocol';

/**
 * The alert engine's state, one document in the store. Only the node that built a second's
 * snapshot rewrites it, so the per-second updates never race each other.
 */
export interface AlertState {
  /** Condition key -> when it started to hold (not raised yet, or raised and still holding). */
  pending: Record<string, number>;
  /** Condition key -> the raised alert. */
  active: Record<string, Alert>;
  /** Condition key of a raised alert -> when its condition stopped holding (it resolves after the hold). */
  clearing: Record<string, number>;
  /** Resolved alerts, oldest first, capped. */
  recent: Alert[];
  /** (at, queue depth) samples, oldest first, for the queue-growth rule. */
  depths: [number, number][];
}

/** The state before any snapshot was judged (and what a store without one answers). */
export function emptyAlertState(): AlertState {
  return { pending: {}, active: {}, clearing: {}, recent: [], depths: [] };
}

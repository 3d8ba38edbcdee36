import type { Alert } from '../../protocol';

/**
 * The alert engine's state, one document in the store. Only the node that built a second's
 * snapshot rewrites it, so the per-second updates never race each other.
 */
export interface AlertBook {
  /** Condition key -> when it started to hold (not raised yet, or raised and still holding). */
  pending: Record<string, number>;
  /** Condition key -> the raised alert. */
  active: Record<string, Alert>;
  /** Resolved alerts, oldest first, capped. */
  recent: Alert[];
  /** (at, queue depth) samples, oldest first, for the queue-growth rule. */
  depths: [number, number][];
}

export const RECENT_ALERTS_KEPT = 50;

export function emptyAlertBook(): AlertBook {
  return { pending: {}, active: {}, recent: [], depths: [] };
}

export function findAlert(book: AlertBook, id: string): Alert | undefined {
  return Object.values(book.active).find((a) => a.id === id) ?? book.recent.find((a) => a.id === id);
}

/** Active and recently resolved alerts with acknowledgements merged in, newest first. */
export function listAlerts(book: AlertBook, acks: Record<string, { by: string; at: number }>): Alert[] {
  const all = [...Object.values(book.active), ...book.recent];
  return all
    .map((alert) => {
      const ack = acks[alert.id];
      return ack ? { ...alert, ackedBy: ack.by, ackedAt: ack.at } : alert;
    })
    .sort((a, b) => b.raisedAt - a.raisedAt);
}

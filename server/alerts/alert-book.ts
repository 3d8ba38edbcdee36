import type { Alert } from '../../protocol';
import type { AlertBook } from '../store/alert-book';

export const RECENT_ALERTS_KEPT = 50;

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

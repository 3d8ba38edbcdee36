import type { Alert } from '../../protocol';
import type { AlertState } from '../store/alert-state';

export const RECENT_ALERTS_KEPT = 50;

export function findAlert(state: AlertState, id: string): Alert | undefined {
  return Object.values(state.active).find((a) => a.id === id) ?? state.recent.find((a) => a.id === id);
}

/** Active and recently resolved alerts with acknowledgements merged in, newest first. */
export function listAlerts(state: AlertState, acks: Record<string, { by: string; at: number }>): Alert[] {
  const all = [...Object.values(state.active), ...state.recent];
  return all
    .map((alert) => {
      const ack = acks[alert.id];
      return ack ? { ...alert, ackedBy: ack.by, ackedAt: ack.at } : alert;
    })
    .sort((a, b) => b.raisedAt - a.raisedAt);
}

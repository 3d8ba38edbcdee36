import type { Alert } from '../../protocol';
import type { DesktopAlertNotice } from '../../protocol/desktop';

/** Alerts raised this long before the console opened are still announced; older ones only listed. */
export const ANNOUNCE_GRACE_MS = 60_000;

/**
 * The alerts to announce now: open, not yet acknowledged, raised since `since`, and not announced
 * before (an alert comes back on acknowledgement and resolution with the same id).
 */
export function alertsToAnnounce(alerts: readonly Alert[], announced: ReadonlySet<string>, since: number): Alert[] {
  return alerts
    .filter((a) => !announced.has(a.id) && a.resolvedAt === null && a.ackedBy === null && a.raisedAt >= since)
    .sort((a, b) => a.raisedAt - b.raisedAt);
}

export interface NoticeLabels {
  app: string;
  drill: string;
  severity: Record<Alert['severity'], string>;
}

/** "DRILL · CRITICAL — Sluice situation room": a drill's alert can never pass for the real thing. */
export function noticeFor(alert: Alert, labels: NoticeLabels): DesktopAlertNotice {
  const severity = labels.severity[alert.severity];
  return {
    alertId: alert.id,
    severity: alert.severity,
    title: `${alert.drill ? `${labels.drill} · ` : ''}${severity} — ${labels.app}`,
    body: alert.message.slice(0, 1000),
    drill: alert.drill,
  };
}

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive, useLiveStore } from '../connection/useLive';
import { alertsToAnnounce, ANNOUNCE_GRACE_MS, noticeFor } from './alertNotices';
import { announceAlert, askNotificationPermission } from './announceAlert';
import { desktopBridge } from './desktopBridge';

/**
 * Announces each new alert once, outside the page (the operator may be looking at another
 * window or the wall): the desktop bridge when present, else Web Notifications.
 */
export function useAlertNotifications(): void {
  const { t } = useTranslation();
  const store = useLiveStore();
  const alerts = useLive((s) => s.alerts);
  const announced = useRef(new Set<string>());
  const since = useRef<number | null>(null);
  since.current ??= store.getState().now - ANNOUNCE_GRACE_MS;

  useEffect(() => askNotificationPermission(desktopBridge()), []);

  useEffect(() => {
    const fresh = alertsToAnnounce(alerts, announced.current, since.current ?? 0);
    if (fresh.length === 0) return;
    const bridge = desktopBridge();
    const labels = {
      app: t('app.title'),
      drill: t('drill.marker'),
      severity: { info: t('alerts.severity.info'), warning: t('alerts.severity.warning'), critical: t('alerts.severity.critical') },
    };
    for (const alert of fresh) {
      announced.current.add(alert.id);
      announceAlert(noticeFor(alert, labels), bridge);
    }
  }, [alerts, t]);
}

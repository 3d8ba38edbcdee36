import type { DesktopAlertNotice, SluiceDesktop } from '../../protocol/desktop';

/**
 * Tells the operator about one new alert outside the page: through the desktop shell (native
 * notification, sound and taskbar flash when critical), or in a plain browser through the Web
 * Notifications API, if the operator allowed it. The shell refusing falls back to the browser's.
 */
export function announceAlert(notice: DesktopAlertNotice, bridge: SluiceDesktop | null): void {
  if (!bridge) {
    webNotification(notice);
    return;
  }
  bridge
    .notifyAlert(notice)
    .then((shown) => {
      if (!shown) webNotification(notice);
    })
    .catch(() => webNotification(notice));
  if (notice.severity === 'critical') bridge.flashFrame().catch(() => undefined);
}

function webNotification(notice: DesktopAlertNotice): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const critical = notice.severity === 'critical';
  new Notification(notice.title, { body: notice.body, tag: notice.alertId, requireInteraction: critical, silent: !critical });
}

/** Asks once for the browser's permission (no-op inside the desktop shell or once decided). */
export function askNotificationPermission(bridge: SluiceDesktop | null): void {
  if (bridge || typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  Notification.requestPermission().catch(() => undefined);
}

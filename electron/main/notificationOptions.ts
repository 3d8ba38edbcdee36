import type { NotificationConstructorOptions } from 'electron';
import type { DesktopAlertNotice } from '../../protocol/desktop';

/**
 * A native notification for one alert. Critical: with the system's sound, urgent, and it stays
 * until dismissed; warning and info arrive silently. (The console puts DRILL in a drill alert's title.)
 */
export function alertNotificationOptions(notice: DesktopAlertNotice): NotificationConstructorOptions {
  const critical = notice.severity === 'critical';
  return {
    title: notice.title,
    body: notice.body,
    silent: !critical,
    urgency: critical ? 'critical' : 'normal',
    timeoutType: critical ? 'never' : 'default',
  };
}

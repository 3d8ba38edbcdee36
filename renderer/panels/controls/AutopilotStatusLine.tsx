import { useTranslation } from 'react-i18next';
import type { AutopilotStatus } from '../../../protocol';
import { formatClock } from '../../format/format';
import { messageText } from '../alerts/messageText';

const ICON: Record<AutopilotStatus['mode'], string> = { off: '○', paused: '⏸', holding: '▬', backing_off: '▼', climbing: '▲' };

/** What the auto-throttle is doing now and why, for every role: the commander must see it before touching the rate. */
export function AutopilotStatusLine({ status, rate, pausedAt }: { status: AutopilotStatus; rate: number; pausedAt: number | null }) {
  const { t, i18n } = useTranslation();
  const why = status.reason ? messageText(t, i18n.language, status.reason.code, status.reason.params, status.reason.text) : null;
  const headline =
    status.mode === 'paused'
      ? t('controls.autopilot.paused', { by: status.reason?.params.by ?? '?', time: pausedAt ? formatClock(pausedAt) : '' })
      : t(`controls.autopilot.${status.mode}`, { rate });
  return (
    <div className={`autopilot-status autopilot-${status.mode}`} role="status" data-testid="autopilot-status" data-mode={status.mode}>
      <p className="autopilot-headline">
        <span aria-hidden="true">{ICON[status.mode]} </span>
        {headline}
      </p>
      {status.mode !== 'off' && status.mode !== 'paused' && (
        <p className="autopilot-detail muted">
          {why && <span>{t('controls.autopilot.why', { why })}</span>}
          <span> · {status.leader ? t('controls.autopilot.leader', { node: status.leader }) : t('controls.autopilot.noLeader')}</span>
          {status.lastChange && (
            <span>
              {' '}
              · {t('controls.autopilot.lastChange', { from: status.lastChange.from, to: status.lastChange.to, time: formatClock(status.lastChange.at) })}
            </span>
          )}
        </p>
      )}
    </div>
  );
}

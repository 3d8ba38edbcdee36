import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may, type Alert } from '../../../protocol';
import { formatClock } from '../../format/format';
import { useDuration } from '../../format/useDuration';
import { messageText } from './messageText';
import { useSession } from '../../connection/session';
import { useLive } from '../../connection/useLive';

const SEVERITY_SYMBOL = { info: 'ℹ', warning: '▲', critical: '⬣' } as const;

/** Open alerts first (most severe, then newest), resolved ones after, dimmed. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return [...alerts].sort(
    (a, b) => Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null) || rank[a.severity] - rank[b.severity] || b.raisedAt - a.raisedAt,
  );
}

/** How long an alert has been firing (until now, or until it resolved); null before the first snapshot. */
export function firingSeconds(alert: Alert, now: number | null): number | null {
  const end = alert.resolvedAt ?? now;
  return end === null ? null : Math.max(0, (end - alert.raisedAt) / 1000);
}

function FiringFor({ seconds, format }: { seconds: number | null; format: (sec: number) => string }) {
  if (seconds === null) return null;
  return (
    <span className="firing-for" data-testid="firing-for">
      {format(seconds)}
    </span>
  );
}

export function AlertsList({ interactive = true }: { interactive?: boolean }) {
  const { t, i18n } = useTranslation();
  const duration = useDuration();
  const { session, commands } = useSession();
  const alerts = useLive((s) => s.alerts);
  // Firing time counts on the cluster's clock (the latest snapshot), not this desktop's.
  const now = useLive((s) => s.snapshot?.at ?? null);
  const drillRunning = useLive((s) => s.snapshot?.drill.running ?? false);
  const [failure, setFailure] = useState<string | null>(null);
  const mayAck = interactive && may(session.role, 'alert:ack', { drillRunning });
  const sorted = sortAlerts(alerts);
  return (
    <section className="panel alerts-panel" data-testid="alerts">
      <header className="panel-header">
        <h2>{t('alerts.title')}</h2>
        <span className="count">{alerts.filter((a) => a.resolvedAt === null).length}</span>
      </header>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {sorted.length === 0 ? (
        <p className="muted">{t('alerts.none')}</p>
      ) : (
        <ul className="alert-list">
          {sorted.map((a) => (
            <li key={a.id} className={`alert alert-${a.severity}${a.resolvedAt !== null ? ' resolved' : ''}`} data-testid={`alert-${a.id}`}>
              <span className="severity">
                <span aria-hidden="true">{SEVERITY_SYMBOL[a.severity]}</span> {t(`alerts.severity.${a.severity}`)}
              </span>
              {a.drill && <span className="drill-tag">{t('drill.marker')}</span>}
              <span className="alert-message">{messageText(t, i18n.language, a.rule, a.params, a.message)}</span>
              <time>{formatClock(a.raisedAt)}</time>
              <FiringFor seconds={firingSeconds(a, now)} format={(sec) => t('alerts.firingFor', { duration: duration(sec) })} />
              {a.resolvedAt !== null && <span className="muted">{t('alerts.resolved')}</span>}
              {a.ackedBy ? (
                <span className="acked">✓ {t('alerts.ackedBy', { name: a.ackedBy })}</span>
              ) : (
                mayAck && (
                  <button
                    type="button"
                    onClick={async () => {
                      const ack = await commands.ackAlert(a.id);
                      setFailure(ack.ok ? null : (ack.message ?? ack.error));
                    }}
                  >
                    {t('alerts.ack')}
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { DrillReport } from '../../../protocol';
import { formatDateTime } from '../../format/format';
import { useDuration } from '../../format/useDuration';

/** A drill report, readable: verdict, detection and mitigation times, losses, checks and timeline. */
export function ReportView({ report, onClose }: { report: DrillReport; onClose: () => void }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const seconds = (value: number | null) => (value === null ? t('drills.never') : duration(value));
  const c = report.crowd;
  return (
    <article
      className="report-view"
      data-testid="report-view"
      aria-label={t('drills.reportOf', { name: report.scenario, scale: report.scale, factor: report.timeFactor })}
    >
      <header className="panel-header">
        <h3>{t('drills.reportOf', { name: report.scenario, scale: report.scale, factor: report.timeFactor })}</h3>
        <button type="button" onClick={onClose}>
          {t('drills.close')}
        </button>
      </header>
      <p className={`verdict ${report.passed ? 'passed' : 'failed'}`} data-testid="report-verdict">
        {report.passed ? t('drills.passed') : t('drills.failed')} · {t(`drills.ending.${report.ending}`)} · {formatDateTime(report.startedAt)} →{' '}
        {formatDateTime(report.endedAt)}
      </p>
      <dl className="report-figures">
        <div>
          <dt>{t('drills.ttd')}</dt>
          <dd data-testid="report-ttd">{seconds(report.ttdSec)}</dd>
        </div>
        <div>
          <dt>{t('drills.ttm')}</dt>
          <dd data-testid="report-ttm">{seconds(report.ttmSec)}</dd>
        </div>
        <div className={report.ticketsLost > 0 ? 'bad' : undefined}>
          <dt>{t('drills.ticketsLost')}</dt>
          <dd data-testid="report-tickets-lost">{report.ticketsLost}</dd>
        </div>
        <div className={report.overbooked > 0 ? 'bad' : undefined}>
          <dt>{t('drills.overbooked')}</dt>
          <dd data-testid="report-overbooked">{report.overbooked}</dd>
        </div>
      </dl>
      <p className="muted">
        {t('drills.crowd')}: {t('drill.crowd', c)}
      </p>
      <h4>{t('drills.checks')}</h4>
      <table className="report-checks">
        <thead>
          <tr>
            <th>{t('drills.check')}</th>
            <th>{t('drills.expected')}</th>
            <th>{t('drills.actual')}</th>
            <th>{t('drills.verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {report.checks.map((check, i) => (
            <tr key={i} className={check.passed ? 'passed' : 'failed'}>
              <td>{check.name}</td>
              <td>{check.expected}</td>
              <td>{check.actual}</td>
              <td>{check.passed ? '✓' : '✗'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('drills.timeline')}</h4>
      <ol className="report-timeline">
        {report.timeline.map((event, i) => (
          <li key={i} className={`event-${event.kind}`}>
            <span className="at">{duration(event.atSec)}</span> <span className="kind">{event.kind}</span> {event.text}
          </li>
        ))}
      </ol>
    </article>
  );
}

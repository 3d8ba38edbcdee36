import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillReport, DrillReportSummary } from '../../../protocol';
import { useSession } from '../../connection/session';
import { useLive } from '../../connection/useLive';
import { formatDateTime } from '../../format/format';
import { downloadReport, fetchReport, fetchReports } from './drillApi';
import { ReportView } from './ReportView';

/** Every stored drill report: verdict at a glance, a readable view, JSON and Markdown downloads. */
export function ReportsPanel() {
  const { t } = useTranslation();
  const { session } = useSession();
  const version = useLive((s) => s.reportsVersion);
  const link = useLive((s) => s.link);
  const [reports, setReports] = useState<DrillReportSummary[] | null>(null);
  const [open, setOpen] = useState<DrillReport | null>(null);

  useEffect(() => {
    let live = true;
    void fetchReports(session).then((list) => live && list && setReports(list));
    return () => {
      live = false;
    };
  }, [session, version, link]);

  return (
    <section className="panel reports-panel" data-testid="reports-panel">
      <header className="panel-header">
        <h2>{t('drills.reportsTitle')}</h2>
      </header>
      {reports === null && <p className="muted">{t('drills.loading')}</p>}
      {reports?.length === 0 && <p className="muted">{t('drills.noReports')}</p>}
      {reports && reports.length > 0 && (
        <table className="reports-table" data-testid="reports-table">
          <thead>
            <tr>
              <th>{t('drills.when')}</th>
              <th>{t('drills.name')}</th>
              <th>{t('drills.verdict')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id} data-testid="report-row" data-report={r.id}>
                <td>{formatDateTime(r.endedAt)}</td>
                <td>
                  {r.scenario}{' '}
                  <span className="muted">
                    1:{r.scale} ×{r.timeFactor}
                  </span>
                </td>
                <td className={r.passed ? 'passed' : 'failed'}>
                  {r.passed ? t('drills.passed') : t('drills.failed')} <span className="muted">{t(`drills.ending.${r.ending}`)}</span>
                </td>
                <td className="report-actions">
                  <button type="button" onClick={() => void fetchReport(session, r.id).then((full) => full && setOpen(full))} data-testid="report-view-button">
                    {t('drills.view')}
                  </button>
                  <button type="button" onClick={() => void downloadReport(session, r, 'json')} data-testid="report-download-json">
                    {t('drills.downloadJson')}
                  </button>
                  <button type="button" onClick={() => void downloadReport(session, r, 'md')} data-testid="report-download-md">
                    {t('drills.downloadMd')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <ReportView report={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

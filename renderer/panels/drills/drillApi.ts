import type { DrillReport, DrillReportSummary, DrillScenariosReply } from '../../../protocol';
import type { Session } from '../../connection/session';
import { downloadText } from '../incident/timelineExport';

async function get(session: Session, path: string): Promise<Response> {
  return fetch(`${session.serverUrl}${path}`, { headers: { authorization: `Bearer ${session.token}` } });
}

/** GET /api/v1/drills/scenarios; null when the server could not be asked. */
export async function fetchScenarios(session: Session): Promise<DrillScenariosReply | null> {
  try {
    const res = await get(session, '/api/v1/drills/scenarios');
    return res.ok ? ((await res.json()) as DrillScenariosReply) : null;
  } catch {
    return null;
  }
}

export async function fetchReports(session: Session): Promise<DrillReportSummary[] | null> {
  try {
    const res = await get(session, '/api/v1/drills/reports');
    return res.ok ? ((await res.json()) as { reports: DrillReportSummary[] }).reports : null;
  } catch {
    return null;
  }
}

export async function fetchReport(session: Session, id: string): Promise<DrillReport | null> {
  try {
    const res = await get(session, `/api/v1/drills/reports/${encodeURIComponent(id)}`);
    return res.ok ? ((await res.json()) as DrillReport) : null;
  } catch {
    return null;
  }
}

/** Fetches the report in `format` with the session's token and saves it as a file. */
export async function downloadReport(session: Session, summary: DrillReportSummary, format: 'json' | 'md'): Promise<boolean> {
  try {
    const res = await get(session, `/api/v1/drills/reports/${encodeURIComponent(summary.id)}?format=${format}`);
    if (!res.ok) return false;
    const stamp = new Date(summary.startedAt).toISOString().slice(0, 19).replace(/:/g, '');
    downloadText(`drill-${summary.scenario}-${stamp}.${format}`, format === 'md' ? 'text/markdown' : 'application/json', await res.text());
    return true;
  } catch {
    return false;
  }
}

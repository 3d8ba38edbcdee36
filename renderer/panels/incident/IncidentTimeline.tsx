import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may, type AuditEntry } from '../../../protocol';
import { formatClock } from '../../format/format';
import { useSession } from '../../connection/session';
import { useLive } from '../../connection/useLive';
import { messageText } from '../alerts/messageText';
import { describeChange, downloadText, timelineJson, timelineMarkdown } from './timelineExport';

const KIND_SYMBOL: Record<AuditEntry['kind'], string> = {
  controls: '⚙',
  controls_denied: '⛔',
  alert_raised: '▲',
  alert_acked: '✓',
  alert_resolved: '○',
  note: '✎',
  drill_started: '⚑',
  drill_stopped: '⚐',
  login: '→',
  notice_posted: '📢',
  notice_cleared: '✕',
};

/** Alerts, control changes, notes and drill events in one line of time, newest on top. */
export function IncidentTimeline({ interactive = true }: { interactive?: boolean }) {
  const { t, i18n } = useTranslation();
  const { session, commands } = useSession();
  const audit = useLive((s) => s.audit);
  const drillRunning = useLive((s) => s.snapshot?.drill.running ?? false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const mayNote = interactive && may(session.role, 'incident:note', { drillRunning });
  const kindLabel = (kind: AuditEntry['kind']) => t(`incident.kind.${kind}`);
  const entryText = (e: AuditEntry) => messageText(t, i18n.language, e.code, e.params, e.text ?? '');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const newestFirst = [...audit].reverse();

  async function addNote() {
    setBusy(true);
    const ack = await commands.addNote(note.trim());
    setBusy(false);
    if (ack.ok) {
      setNote('');
      setFailure(null);
    } else setFailure(ack.message ?? ack.error);
  }

  return (
    <section className="panel incident-panel" data-testid="incident">
      <header className="panel-header">
        <h2>{t('incident.title')}</h2>
        <div className="export">
          <button
            type="button"
            onClick={() => downloadText(`sluice-timeline-${stamp}.json`, 'application/json', timelineJson(audit))}
            data-testid="export-json"
          >
            {t('incident.exportJson')}
          </button>
          <button
            type="button"
            onClick={() => downloadText(`sluice-timeline-${stamp}.md`, 'text/markdown', timelineMarkdown(audit, t('incident.title'), kindLabel, entryText))}
            data-testid="export-md"
          >
            {t('incident.exportMd')}
          </button>
        </div>
      </header>
      {mayNote && (
        <form
          className="note-box"
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) void addNote();
          }}
        >
          <input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={2000}
            placeholder={t('incident.note')}
            aria-label={t('incident.note')}
            data-testid="note-input"
          />
          <button type="submit" disabled={busy || !note.trim()}>
            {t('incident.addNote')}
          </button>
        </form>
      )}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {newestFirst.length === 0 ? (
        <p className="muted">{t('incident.none')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {newestFirst.map((e) => (
            <li key={e.id} className={`timeline-entry kind-${e.kind}`} data-kind={e.kind}>
              <time>{formatClock(e.at)}</time>
              <span className="kind">
                <span aria-hidden="true">{KIND_SYMBOL[e.kind]}</span> {kindLabel(e.kind)}
              </span>
              {e.drill && <span className="drill-tag">{t('drill.marker')}</span>}
              {e.actor && <span className="actor">{e.actor}</span>}
              {(e.text || e.code) && <span className="text">{entryText(e)}</span>}
              {e.kind.startsWith('controls') && <span className="change">{describeChange(e.before, e.after)}</span>}
              {/* The autopilot's reason is its message, worded above in the console's language. */}
              {e.reason && !(e.kind === 'controls' && e.code) && <span className="reason">{t('incident.reason', { reason: e.reason })}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

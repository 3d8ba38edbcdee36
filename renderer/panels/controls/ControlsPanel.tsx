import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyControlsPatch, may, type ControlsPatch } from '../../../protocol';
import { useSession } from '../../connection/session';
import { useLive, useStale, useStoreDown } from '../../connection/useLive';
import { AutopilotStatusLine } from './AutopilotStatusLine';
import { ChangeReview } from './ChangeReview';
import { ControlsForm } from './ControlsForm';
import { ControlsReadOnly } from './ControlsReadOnly';
import { buildPatch, changeRows, dangerousSteps, type Edits } from './controlsDraft';

/** The commander's levers; read-only text for every other role. */
export function ControlsPanel() {
  const { t } = useTranslation();
  const { session, commands } = useSession();
  const controls = useLive((s) => s.snapshot?.controls ?? null);
  const providers = useLive((s) => s.snapshot?.providers ?? null);
  const drillRunning = useLive((s) => s.snapshot?.drill.running ?? false);
  const autopilot = useLive((s) => s.snapshot?.autopilot ?? null);
  const stale = useStale();
  const storeDown = useStoreDown();
  const [edits, setEdits] = useState<Edits>({});
  const [reviewing, setReviewing] = useState(false);
  const [applied, setApplied] = useState(false);
  const commander = may(session.role, 'controls:update', { drillRunning });

  const draft = useMemo(() => (controls ? buildPatch(controls, edits) : null), [controls, edits]);
  const rows = useMemo(() => (controls && draft ? changeRows(controls, draft.patch) : []), [controls, draft]);
  const check = useMemo(() => (controls && draft && rows.length ? applyControlsPatch(controls, draft.patch) : null), [controls, draft, rows]);
  const dangers = useMemo(() => (controls && draft ? dangerousSteps(controls, draft.patch, providers ?? []) : []), [controls, draft, providers]);

  if (!controls) {
    return (
      <section className="panel controls-panel" data-testid="controls">
        <header className="panel-header">
          <h2>{t('controls.title')}</h2>
        </header>
        <p className="muted">{t('charts.empty')}</p>
      </section>
    );
  }

  const send = (patch: ControlsPatch, reason: string) => commands.updateControls({ patch, reason });
  const canReview = !stale && rows.length > 0 && draft !== null && draft.invalid.length === 0 && check?.ok === true;
  return (
    <section className={`panel controls-panel${stale ? ' is-stale' : ''}`} data-testid="controls" data-role={session.role}>
      <header className="panel-header">
        <h2>{t('controls.title')}</h2>
        {commander && rows.length > 0 && <span className="pending">{t('controls.pending', { count: rows.length })}</span>}
      </header>
      {autopilot && <AutopilotStatusLine status={autopilot} rate={controls.admissionRatePerSec} pausedAt={controls.autoThrottle.pausedAt ?? null} />}
      {!commander ? (
        <ControlsReadOnly controls={controls} />
      ) : (
        <>
          <ControlsForm
            controls={controls}
            edits={edits}
            invalid={draft?.invalid ?? []}
            disabled={reviewing}
            onEdit={(path, value) => {
              setApplied(false);
              setEdits({ ...edits, [path]: value });
            }}
          />
          {check && !check.ok && (
            <p className="error" role="alert">
              {check.message}
            </p>
          )}
          {stale && (
            <p className="error" role="status" data-testid="controls-stale">
              {t(storeDown ? 'controls.storeDownBlocked' : 'controls.staleBlocked')}
            </p>
          )}
          {applied && (
            <p className="ok" role="status" data-testid="change-applied">
              ✓ {t('controls.applied')}
            </p>
          )}
          {!reviewing && (
            <div className="actions">
              <button type="button" disabled={rows.length === 0} onClick={() => setEdits({})}>
                {t('controls.discard')}
              </button>
              <button type="button" className="primary" disabled={!canReview} onClick={() => setReviewing(true)} data-testid="controls-review">
                {t('controls.review')}
              </button>
            </div>
          )}
          {reviewing && draft && (
            <ChangeReview
              rows={rows}
              patch={draft.patch}
              dangers={dangers}
              send={send}
              onCancel={() => setReviewing(false)}
              onApplied={() => {
                setReviewing(false);
                setEdits({});
                setApplied(true);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillScenariosReply, ScenarioSummary } from '../../../protocol';
import { useSession } from '../../connection/session';
import { useLive, useStale } from '../../connection/useLive';
import { useDuration } from '../../format/useDuration';
import { fetchScenarios } from './drillApi';

const RELOAD_MS = 10_000;

/** The trainer's drill desk: pick a bundled scenario, confirm, start; stop the running one. */
export function DrillPanel() {
  const { t } = useTranslation();
  const duration = useDuration();
  const { session, commands } = useSession();
  const drill = useLive((s) => s.snapshot?.drill ?? null);
  const mode = useLive((s) => s.snapshot?.mode ?? null);
  const stale = useStale();
  const [offer, setOffer] = useState<DrillScenariosReply | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'start' | 'stop' | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () => void fetchScenarios(session).then((reply) => live && setOffer(reply));
    load();
    const timer = setInterval(load, RELOAD_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session]);

  const scenarios = offer?.scenarios ?? [];
  const chosen: ScenarioSummary | undefined = scenarios.find((s) => s.name === picked);
  const running = drill?.running ?? false;

  async function start(scenario: ScenarioSummary) {
    setBusy(true);
    const ack = await commands.startDrill({ scenario: scenario.name });
    setBusy(false);
    setConfirming(null);
    setFailure(ack.ok ? null : t('drills.refused', { message: ack.message }));
  }
  async function stop() {
    setBusy(true);
    const ack = await commands.stopDrill();
    setBusy(false);
    setConfirming(null);
    setFailure(ack.ok ? null : t('drills.refused', { message: ack.message }));
  }

  return (
    <section className={`panel drill-panel${stale ? ' is-stale' : ''}`} data-testid="drill-panel">
      <header className="panel-header">
        <h2>{t('drills.title')}</h2>
        {running && drill?.scenario && <span className="drill-tag">{t('drills.running', { name: drill.scenario })}</span>}
      </header>
      {mode === 'live' && <p className="muted">{t('drills.trainingOnly')}</p>}
      {offer === null && <p className="muted">{t('drills.loading')}</p>}
      {offer && !offer.runner && (
        <p className="error" role="status" data-testid="no-runner">
          {t('drills.noRunner')}
        </p>
      )}
      {scenarios.length > 0 && (
        <table className="scenario-table" data-testid="scenario-table">
          <thead>
            <tr>
              <th />
              <th>{t('drills.name')}</th>
              <th>{t('drills.description')}</th>
              <th>{t('drills.duration')}</th>
              <th>{t('drills.scale')}</th>
              <th>{t('drills.timeFactor')}</th>
              <th>{t('drills.wall')}</th>
            </tr>
          </thead>
          <tbody>
            {scenarios.map((s) => (
              <tr key={s.name} className={s.name === picked ? 'picked' : undefined} onClick={() => !running && setPicked(s.name)}>
                <td>
                  <input
                    type="radio"
                    name="scenario"
                    aria-label={`${t('drills.pick')} ${s.name}`}
                    data-testid={`scenario-${s.name}`}
                    checked={s.name === picked}
                    disabled={running}
                    onChange={() => setPicked(s.name)}
                  />
                </td>
                <td className="scenario-name">{s.name}</td>
                <td className="scenario-description">{s.description}</td>
                <td>{duration(s.durationSec)}</td>
                <td>1:{s.scale}</td>
                <td>×{s.timeFactor}</td>
                <td>{duration(s.wallSec)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {failure && (
        <p className="error" role="alert" data-testid="drill-refused">
          {failure}
        </p>
      )}
      {confirming === 'start' && chosen && (
        <div className="confirm" role="dialog" aria-modal="false" data-testid="drill-confirm">
          <p>{t('drills.confirmStart', { name: chosen.name, scale: chosen.scale, factor: chosen.timeFactor, wall: duration(chosen.wallSec) })}</p>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(null)} disabled={busy}>
              {t('drills.cancel')}
            </button>
            <button type="button" className="primary danger" onClick={() => void start(chosen)} disabled={busy || stale} data-testid="drill-confirm-start">
              {busy ? t('drills.starting') : t('drills.confirm')}
            </button>
          </div>
        </div>
      )}
      {confirming === 'stop' && (
        <div className="confirm" role="dialog" aria-modal="false" data-testid="drill-confirm-stop-dialog">
          <p>{t('drills.confirmStop')}</p>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(null)} disabled={busy}>
              {t('drills.cancel')}
            </button>
            <button type="button" className="primary danger" onClick={() => void stop()} disabled={busy} data-testid="drill-confirm-stop">
              {t('drills.confirmStopButton')}
            </button>
          </div>
        </div>
      )}
      {confirming === null && (
        <div className="actions">
          {running ? (
            <button type="button" className="danger" onClick={() => setConfirming('stop')} disabled={stale} data-testid="drill-stop">
              {t('drills.stop')}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => setConfirming('start')}
              disabled={!chosen || stale || mode !== 'training' || !offer?.runner}
              data-testid="drill-start"
            >
              {t('drills.start')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

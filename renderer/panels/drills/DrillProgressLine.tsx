import { useTranslation } from 'react-i18next';
import { useLive, useStale } from '../../connection/useLive';
import { useDuration } from '../../format/useDuration';

/** Progress older than this is shown as stale: a stopped runner must not look like a running drill. */
const PROGRESS_STALE_MS = 5000;

/** Under the top DRILL banner: phase, simulated time, crowd; the next fault only reaches trainers and admins. */
export function DrillProgressLine() {
  const { t } = useTranslation();
  const duration = useDuration();
  const latest = useLive((s) => s.drillProgress);
  const now = useLive((s) => s.now);
  const stale = useStale();
  if (!latest) {
    return (
      <div className="drill-progress" data-testid="drill-progress">
        {t('drill.noProgress')}
      </div>
    );
  }
  const { progress, at } = latest;
  const ageSec = Math.max(0, Math.round((now - at) / 1000));
  const old = stale || now - at > PROGRESS_STALE_MS;
  const fault = progress.nextFault;
  return (
    <div className={`drill-progress${old ? ' is-stale' : ''}`} data-testid="drill-progress" data-stale={old}>
      <span data-testid="drill-phase">{t('drill.phase', { phase: progress.phase })}</span>
      <span>{t('drill.elapsed', { elapsed: duration(progress.simulatedSec), duration: duration(progress.durationSec) })}</span>
      <span>{t('drill.simulatedTime', { time: progress.simulatedTime.slice(11, 19) })}</span>
      <span data-testid="drill-crowd">{t('drill.crowd', progress.crowd)}</span>
      {fault && (
        <span className="drill-next-fault" data-testid="drill-next-fault">
          {t('drill.nextFault', { kind: fault.kind, provider: fault.provider ?? '', at: duration(fault.atSec) })}
        </span>
      )}
      {old && <span className="stale-word">{t('drill.progressStale', { sec: ageSec })}</span>}
    </div>
  );
}

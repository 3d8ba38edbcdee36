import { useTranslation } from 'react-i18next';
import { formatClock } from '../../format/format';
import { useLive } from '../../connection/useLive';

/** While a drill runs: a banner no one can miss, on every screen, with the declared scale. */
export function DrillBanner() {
  const { t } = useTranslation();
  const drill = useLive((s) => s.snapshot?.drill ?? null);
  if (!drill?.running) return null;
  return (
    <div className="drill-banner" data-testid="drill-banner" role="alert">
      <span className="drill-word">{t('drill.marker')}</span>
      <span className="drill-text">{t('drill.banner')}</span>
      {drill.scenario && <span>{t('drill.scenario', { name: drill.scenario })}</span>}
      {drill.startedAt !== null && <span>{t('drill.since', { time: formatClock(drill.startedAt) })}</span>}
      {drill.scale !== null && (
        <span className="scale-badge" data-testid="scale-badge">
          {t('drill.scale', { scale: drill.scale })}
        </span>
      )}
      <span className="drill-word">{t('drill.marker')}</span>
    </div>
  );
}

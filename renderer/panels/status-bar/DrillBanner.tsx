import { useTranslation } from 'react-i18next';
import { formatClock } from '../../format/format';
import { useLive } from '../../connection/useLive';
import { DrillProgressLine } from '../drills/DrillProgressLine';

/**
 * While a drill runs: a banner no one can miss, on every screen, with the declared scale and time
 * factor. The top one (`progress`) also carries the drill's progress line.
 */
export function DrillBanner({ progress = false }: { progress?: boolean }) {
  const { t } = useTranslation();
  const drill = useLive((s) => s.snapshot?.drill ?? null);
  if (!drill?.running) return null;
  const timeFactor = drill.timeFactor ?? null;
  const banner = (
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
      {timeFactor !== null && (
        <span className="scale-badge" data-testid="time-factor-badge">
          {t('drill.timeFactor', { factor: timeFactor })}
        </span>
      )}
      <span className="drill-word">{t('drill.marker')}</span>
    </div>
  );
  if (!progress) return banner;
  // Banner and progress stay on screen together while the page scrolls.
  return (
    <div className="drill-top">
      {banner}
      <DrillProgressLine />
    </div>
  );
}

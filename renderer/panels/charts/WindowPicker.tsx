import { useTranslation } from 'react-i18next';
import { windowKey, type ChartWindow, type LiveWindow } from '../../series/timeWindow';

const WINDOWS: LiveWindow[] = ['5m', '15m', '1h', '6h', 'night'];

export function WindowPicker({ value, onChange, hasDrill }: { value: ChartWindow; onChange(w: ChartWindow): void; hasDrill: boolean }) {
  const { t } = useTranslation();
  const label = (w: LiveWindow) =>
    ({
      '5m': t('charts.window5'),
      '15m': t('charts.window15'),
      '1h': t('charts.window1h'),
      '6h': t('charts.window6h'),
      night: t('charts.windowNight'),
      drill: t('charts.windowDrill'),
    })[w];
  const shown: LiveWindow[] = hasDrill || value === 'drill' ? [...WINDOWS, 'drill'] : WINDOWS;
  const picked = typeof value === 'object';
  return (
    <div className="window-picker" role="radiogroup" aria-label={t('charts.title')}>
      {shown.map((w) => (
        <button
          key={w}
          type="button"
          role="radio"
          aria-checked={value === w}
          className={value === w ? 'selected' : ''}
          onClick={() => onChange(w)}
          data-testid={`window-${w}`}
        >
          {label(w)}
        </button>
      ))}
      {picked && (
        <>
          <span className="window-range" role="radio" aria-checked="true" data-testid="window-range" data-range={windowKey(value)}>
            {t('charts.windowRange')}
          </span>
          <button type="button" className="back-to-live" onClick={() => onChange('15m')} data-testid="back-to-live">
            {t('charts.backToLive')}
          </button>
        </>
      )}
    </div>
  );
}

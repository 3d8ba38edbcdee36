import { useTranslation } from 'react-i18next';
import type { ChartWindow } from '../../series/timeWindow';

const WINDOWS: ChartWindow[] = ['5m', '15m', 'drill'];

export function WindowPicker({ value, onChange, hasDrill }: { value: ChartWindow; onChange(w: ChartWindow): void; hasDrill: boolean }) {
  const { t } = useTranslation();
  const label = (w: ChartWindow) =>
    w === '5m' ? t('charts.window5') : w === '15m' ? t('charts.window15') : hasDrill ? t('charts.windowDrill') : t('charts.windowAll');
  return (
    <div className="window-picker" role="radiogroup" aria-label={t('charts.title')}>
      {WINDOWS.map((w) => (
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
    </div>
  );
}

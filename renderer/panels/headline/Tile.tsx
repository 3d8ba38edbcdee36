import { useTranslation } from 'react-i18next';
import { formatRate } from '../../format/format';
import { Sparkline } from './Sparkline';
import type { Trend } from './trend';

const ARROW = { up: '▲', down: '▼', flat: '▶' } as const;

export interface TileProps {
  id: string;
  label: string;
  value: string;
  unit?: string;
  sub?: string;
  /** A second line under `sub` (an estimate with its error bound). */
  note?: string;
  trend?: Trend;
  /** Whether a rise is bad news (queue depth) or good (bookings); colours the arrow. */
  riseIs?: 'good' | 'bad' | 'neutral';
  hero?: boolean;
  stale: boolean;
  /** How a change over the minute reads (an ETA's change is a duration). */
  formatDelta?: (delta: number) => string;
}

export function Tile({ id, label, value, unit, sub, note, trend, riseIs = 'neutral', hero = false, stale, formatDelta = formatRate }: TileProps) {
  const { t } = useTranslation();
  const mood = !trend || trend.direction === 'flat' || riseIs === 'neutral' ? 'neutral' : (trend.direction === 'up') === (riseIs === 'good') ? 'good' : 'bad';
  const trendText = trend
    ? trend.direction === 'flat'
      ? t('tiles.trendFlat')
      : t(trend.direction === 'up' ? 'tiles.trendUp' : 'tiles.trendDown', { delta: formatDelta(Math.abs(trend.delta)) })
    : null;
  return (
    <section
      className={`tile${hero ? ' tile-hero' : ''}${stale ? ' is-stale' : ''}`}
      data-testid={`tile-${id}`}
      data-stale={stale ? 'true' : 'false'}
      aria-label={label}
    >
      <h3 className="tile-label">{label}</h3>
      <div className="tile-value metric-value" data-testid={`tile-${id}-value`}>
        {value}
        {unit && <span className="tile-unit">{unit}</span>}
      </div>
      {sub && <div className="tile-sub">{sub}</div>}
      {note && (
        <div className="tile-sub" data-testid={`tile-${id}-note`}>
          {note}
        </div>
      )}
      {trend && (
        <div className={`tile-trend trend-${mood}`} data-trend={trend.direction}>
          <span aria-hidden="true">{ARROW[trend.direction]}</span> {trendText}
          <Sparkline values={trend.recent} />
        </div>
      )}
      {stale && <div className="stale-mark">{t('connection.stale')}</div>}
    </section>
  );
}

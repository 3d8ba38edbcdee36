import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PROVIDER_IDS, PROVIDER_LABELS } from '../../../protocol';
import { useLive, useStale } from '../../connection/useLive';
import { formatClock } from '../../format/format';
import { messageText } from '../alerts/messageText';
import { describeChange } from '../incident/timelineExport';
import { chartMarkers } from './chartMarkers';
import type { ChartWindow } from '../../series/timeWindow';
import { useHistoryFetch, useWindowRows } from '../../series/useWindowRows';
import { chartRows, type ChartRows } from './chartRows';
import { PROVIDER_STYLE, SERIES_COLOR } from './seriesColors';
import { TimeSeriesChart, type SeriesSpec } from './TimeSeriesChart';
import { WindowPicker } from './WindowPicker';

/** The four trend charts, in screen order. */
const CHARTS = ['concurrency', 'flow', 'latency', 'bookings'] as const;

export function ChartsPanel({ window, onWindowChange }: { window: ChartWindow; onWindowChange(w: ChartWindow): void }) {
  const { t, i18n } = useTranslation();
  const stale = useStale();
  useHistoryFetch(window);
  const { rows, drillStartedAt, pastBucketSec } = useWindowRows<ChartRows>(window, 'charts', chartRows);
  const pickRange = useCallback((from: number, to: number) => onWindowChange({ from, to }), [onWindowChange]);
  const series = useMemo(() => {
    const lang = i18n.language === 'en' ? 'en' : 'ko';
    const s = (key: string, color: string, dash?: string): SeriesSpec => ({ key, name: t(`charts.series.${key}`), color, dash });
    return {
      concurrency: [s('concurrency', SERIES_COLOR.primary), s('depth', SERIES_COLOR.secondary, '6 3')],
      flow: [
        s('joined', SERIES_COLOR.primary),
        s('admitted', SERIES_COLOR.good, '6 3'),
        s('abandoned', SERIES_COLOR.bad, '2 3'),
        s('rateSet', SERIES_COLOR.muted, '10 4'),
      ],
      latency: PROVIDER_IDS.map((id) => ({ key: id, name: PROVIDER_LABELS[id][lang], ...PROVIDER_STYLE[id] })),
      bookings: [s('booked', SERIES_COLOR.good), s('failures', SERIES_COLOR.bad, '6 3')],
    };
  }, [t, i18n.language]);
  const audit = useLive((s) => s.audit);
  const markers = useMemo(
    () =>
      chartMarkers(audit, (e) =>
        [
          `${formatClock(e.at)} ${t(`incident.kind.${e.kind}`)}`,
          e.actor ?? '',
          e.text ? messageText(t, i18n.language, e.code, e.params, e.text) : '',
          describeChange(e.before, e.after),
          e.reason ? t('incident.reason', { reason: e.reason }) : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    [audit, t, i18n.language],
  );
  // Each point averages this many seconds: the charts' own buckets, or the server's when it sent coarser ones.
  const bucketSec = Math.max(rows.bucketSec ?? 0, pastBucketSec ?? 0);
  const note = bucketSec > 1 ? t('charts.downsampled', { sec: bucketSec }) : undefined;
  const empty = t('charts.empty');
  return (
    <section className="panel charts-panel" data-testid="charts">
      <header className="panel-header">
        <h2>{t('charts.title')}</h2>
        <WindowPicker value={window} onChange={onWindowChange} hasDrill={drillStartedAt !== null} />
      </header>
      <div className="charts-grid">
        {CHARTS.map((id) => (
          <TimeSeriesChart
            key={id}
            id={id}
            title={t(`charts.${id}`)}
            rows={rows[id]}
            series={series[id]}
            note={note}
            emptyText={empty}
            stale={stale}
            markers={markers}
            onRangeSelect={pickRange}
          />
        ))}
      </div>
    </section>
  );
}

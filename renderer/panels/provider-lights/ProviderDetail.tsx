import { useTranslation } from 'react-i18next';
import { PROVIDER_LABELS, type ProviderId } from '../../../protocol';
import { useStale } from '../../connection/useLive';
import type { Row } from '../../series/downsample';
import type { ChartWindow } from '../../series/timeWindow';
import { useWindowRows } from '../../series/useWindowRows';
import { providerRows } from '../charts/chartRows';
import { SERIES_COLOR } from '../charts/seriesColors';
import { TimeSeriesChart } from '../charts/TimeSeriesChart';

/** A clicked provider's latency, success rate and in-flight calls over the chosen window. */
export function ProviderDetail({ id, window, onClose }: { id: ProviderId; window: ChartWindow; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const stale = useStale();
  const { rows } = useWindowRows<readonly Row[]>(window, id, (samples, previous) => providerRows(samples, id, previous));
  const name = PROVIDER_LABELS[id][i18n.language === 'en' ? 'en' : 'ko'];
  return (
    <div className="provider-detail" data-testid="provider-detail">
      <button type="button" className="close" onClick={onClose}>
        {t('providers.closeDetail')}
      </button>
      <TimeSeriesChart
        id={`provider-${id}`}
        title={t('providers.detail', { name })}
        rows={rows}
        series={[
          { key: 'p95', name: t('charts.series.p95'), color: SERIES_COLOR.secondary },
          { key: 'successPct', name: t('charts.series.successRate'), color: SERIES_COLOR.good, dash: '6 3' },
          { key: 'inflight', name: t('charts.series.inflight'), color: SERIES_COLOR.primary, dash: '2 3' },
        ]}
        emptyText={t('charts.empty')}
        height={170}
        stale={stale}
      />
    </div>
  );
}

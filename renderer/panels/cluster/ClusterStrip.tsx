import { useTranslation } from 'react-i18next';
import type { NodeStatus } from '../../../protocol';
import { formatCount, formatMs, formatRate } from '../../format/format';
import { useDuration } from '../../format/useDuration';
import { useLive, useStale } from '../../connection/useLive';

const NO_NODES: readonly NodeStatus[] = [];

/** A node not heard from for this long is flagged. */
const NODE_SILENT_MS = 5000;

/** Server nodes (event-loop lag, requests/s, last seen) and the store's status. */
export function ClusterStrip() {
  const { t } = useTranslation();
  const nodes = useLive((s) => s.snapshot?.nodes ?? NO_NODES);
  const store = useLive((s) => s.snapshot?.store ?? null);
  const at = useLive((s) => s.snapshot?.at ?? null);
  const stale = useStale();
  const duration = useDuration();
  return (
    <section className={`cluster-strip${stale ? ' is-stale' : ''}`} data-testid="cluster">
      <h2>{t('cluster.title')}</h2>
      {store && (
        <span className={`store ${store.up ? 'store-up' : 'store-down'}`} data-testid="store-status" data-up={store.up}>
          <span aria-hidden="true">{store.up ? '●' : '✕'}</span> {t('cluster.store')} {store.kind} · {store.up ? t('cluster.storeUp') : t('cluster.storeDown')}
          {store.latencyMs !== null && ` · ${formatMs(store.latencyMs)}`}
        </span>
      )}
      {nodes.map((n) => {
        const ago = at === null ? 0 : Math.max(0, at - n.lastSeen);
        const silent = ago > NODE_SILENT_MS;
        return (
          <span key={n.id} className={`node${silent ? ' node-silent' : ''}`} data-testid="node">
            <strong>{n.id}</strong> {t('cluster.lag')} {formatMs(n.eventLoopLagMs)} · {formatRate(n.requestsPerSec)} {t('cluster.reqs')} ·{' '}
            {formatCount(n.sockets)} {t('cluster.sockets')} · {silent && '⚠ '}
            {t('cluster.seen', { ago: duration(ago / 1000) })}
          </span>
        );
      })}
    </section>
  );
}

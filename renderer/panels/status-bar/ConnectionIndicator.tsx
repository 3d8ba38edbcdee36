import { useTranslation } from 'react-i18next';
import { formatClock } from '../../format/format';
import { useConnectionStatus, useLive } from '../../connection/useLive';

/** Always visible: live, connecting, reconnecting, stale for N s or store down — never ambiguous. */
export function ConnectionIndicator() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  const snapshotAt = useLive((s) => s.snapshot?.at ?? null);
  const since = snapshotAt === null ? t('connection.noData') : t('connection.asOf', { time: formatClock(snapshotAt) });
  switch (status.kind) {
    case 'live':
      return (
        <div className="connection connection-live" data-testid="connection" data-status="live" role="status">
          <span className="connection-dot" aria-hidden="true">
            ●
          </span>{' '}
          {t('connection.live')}
        </div>
      );
    case 'connecting':
      return (
        <div className="connection connection-wait" data-testid="connection" data-status="connecting" role="status">
          <span aria-hidden="true">◌</span> {t('connection.connecting')}
        </div>
      );
    case 'storeDown':
      return (
        <div className="connection connection-stale" data-testid="connection" data-status="store-down" role="alert">
          <span aria-hidden="true">⚠</span> <strong>{t('connection.storeDown')}</strong> · {t('connection.storeDownDetail')}
        </div>
      );
    case 'reconnecting':
    case 'stale':
      return (
        <div className="connection connection-stale" data-testid="connection" data-status={status.kind} role="alert">
          <span aria-hidden="true">⚠</span> <strong>{status.kind === 'reconnecting' ? t('connection.reconnecting') : t('connection.stale')}</strong>
          {status.staleSec !== null && <> · {t('connection.staleFor', { sec: status.staleSec })}</>} · {since}
        </div>
      );
  }
}

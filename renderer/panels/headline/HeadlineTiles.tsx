import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatRate } from '../../format/format';
import { etaRangeParts, etaRangeValue } from '../../format/etaRange';
import { useDuration } from '../../format/useDuration';
import { useLive, useLiveStore, useStale } from '../../connection/useLive';
import { Tile } from './Tile';
import { trendOf } from './trend';

/** The six numbers of the night; live concurrency is the biggest thing on the screen. */
export function HeadlineTiles() {
  const { t } = useTranslation();
  const store = useLiveStore();
  const snapshot = useLive((s) => s.snapshot);
  const version = useLive((s) => s.samplesVersion);
  const stale = useStale();
  const duration = useDuration();
  const trends = useMemo(() => {
    const samples = store.samples.toArray();
    return {
      concurrency: trendOf(samples, (s) => s.concurrency),
      depth: trendOf(samples, (s) => s.depth),
      eta: trendOf(samples, (s) => s.etaMaxSec),
      admitted: trendOf(samples, (s) => s.admitted),
      booked: trendOf(samples, (s) => s.booked),
      seats: trendOf(samples, (s) => s.seatsLeft),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version is the ring's change counter: re-derive when the samples change.
  }, [store, version]);

  const q = snapshot?.queue;
  const c = snapshot?.concurrency;
  // State followers are sampled (1 in N heartbeats), status pollers counted: the sub-line's "waiting" is both.
  const estimated = c?.waitingLiveEstimate;
  const waitingAll = c ? c.waitingLive + (estimated?.value ?? 0) : null;
  const eta = q?.eta ?? null;
  const waiting = snapshot !== null && eta !== null && eta.maxSec > 0;
  const etaParts = waiting ? etaRangeParts(eta.minSec, eta.maxSec) : null;
  const etaText = !snapshot ? '—' : etaParts ? etaRangeValue(etaParts) : t('tiles.etaNone');
  return (
    <div className="tiles" data-testid="headline">
      <Tile
        id="concurrency"
        hero
        label={t('tiles.concurrency')}
        value={formatCount(snapshot?.concurrency.total)}
        sub={t('tiles.concurrencySub', {
          waiting: formatCount(waitingAll),
          // The total also counts admitted tickets not yet claimed: say so, so the parts add up.
          admitted: formatCount(c && waitingAll !== null ? c.total - waitingAll - c.active : null),
          active: formatCount(c?.active),
        })}
        note={
          estimated && estimated.sampled > 0
            ? t('tiles.waitingEstimate', { value: formatCount(estimated.value), margin: formatCount(estimated.high - estimated.value) })
            : undefined
        }
        trend={trends.concurrency}
        stale={stale}
      />
      <Tile id="depth" label={t('tiles.depth')} value={formatCount(q?.depth)} sub={t('tiles.depthSub')} trend={trends.depth} riseIs="bad" stale={stale} />
      <Tile
        id="eta"
        label={t('tiles.eta')}
        value={etaText}
        unit={etaParts ? t(`tiles.etaUnit.${etaParts.unit}`) : undefined}
        sub={waiting ? `${duration(eta.minSec)} – ${duration(eta.maxSec)}` : undefined}
        trend={trends.eta}
        riseIs="bad"
        stale={stale}
        formatDelta={duration}
      />
      <Tile
        id="admitted"
        label={t('tiles.admitted')}
        value={formatRate(q?.admittedPerSec)}
        sub={t('tiles.admittedSub', { rate: formatRate(snapshot?.controls.admissionRatePerSec) })}
        trend={trends.admitted}
        stale={stale}
      />
      <Tile
        id="bookings"
        label={t('tiles.bookings')}
        value={formatRate(snapshot?.booking.bookedPerSec)}
        sub={t('tiles.bookingsSub', { total: formatCount(snapshot?.booking.total) })}
        trend={trends.booked}
        riseIs="good"
        stale={stale}
      />
      <Tile id="seats" label={t('tiles.seats')} value={formatCount(snapshot?.booking.seatsLeft)} sub={t('tiles.seatsSub')} trend={trends.seats} stale={stale} />
    </div>
  );
}

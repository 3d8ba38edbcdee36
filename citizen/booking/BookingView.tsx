import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CentersReply, MyReservationReply, Reservation, ReserveReply, Slot, SlotsReply } from '../../protocol/booking';
import { api, ApiError, randomId } from '../api/api';
import { useText } from '../i18n/text';
import { BACK_TO_QUEUE, errorText } from '../shell/errorText';
import { Problem } from '../shell/Problem';
import { dateLabel } from './dateLabel';

export interface BookingViewProps {
  identityToken: string;
  /** The key of an attempt for this slot already sent (a retry reuses it, so it cannot book twice). */
  attempt: { slotId: string; key: string } | null;
  onAttempt(attempt: { slotId: string; key: string }): void;
  onBooked(reservation: Reservation): void;
  onBackToQueue(): void;
}

const unique = <T,>(values: T[]) => [...new Set(values)];

/** Region → center → date → vaccine (with seats left), then book with an Idempotency-Key. */
export function BookingView({ identityToken, attempt, onAttempt, onBooked, onBackToQueue }: BookingViewProps) {
  const { t, language } = useText();
  const [centers, setCenters] = useState<CentersReply | null>(null);
  const [region, setRegion] = useState('');
  const [center, setCenter] = useState('');
  const [date, setDate] = useState('');
  const [slotId, setSlotId] = useState('');
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; rejoin: boolean } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api<CentersReply>('/centers').then(setCenters, (err: unknown) => setProblem({ text: errorText(err, { t, language }), rejoin: false }));
  }, [t, language]);

  useEffect(() => {
    setSlots(null);
    if (!center) return;
    let stale = false;
    api<SlotsReply>(`/slots?center=${encodeURIComponent(center)}&open=true&limit=500`).then(
      (reply) => !stale && setSlots(reply.slots),
      (err: unknown) => !stale && setProblem({ text: errorText(err, { t, language }), rejoin: false }),
    );
    return () => {
      stale = true;
    };
  }, [center, reload, t, language]);

  const regionCenters = centers?.regions.find((r) => r.id === region)?.centers ?? [];
  const dates = useMemo(() => unique((slots ?? []).map((s) => s.date)), [slots]);
  const vaccines = (slots ?? []).filter((s) => s.date === date);
  const chosen = vaccines.find((s) => s.id === slotId);

  async function book(event: Event) {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setProblem(null);
    const sent = attempt?.slotId === chosen.id ? attempt : { slotId: chosen.id, key: randomId() };
    onAttempt(sent);
    try {
      const reply = await api<ReserveReply>('/reservations', {
        method: 'POST',
        token: identityToken,
        body: { slotId: chosen.id },
        headers: { 'idempotency-key': sent.key },
      });
      onBooked(reply.reservation);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'already_reserved') {
        const mine = await api<MyReservationReply>('/reservations/me', { token: identityToken }).catch(() => null);
        if (mine?.reservation) return onBooked(mine.reservation);
      }
      if (err instanceof ApiError && err.code === 'sold_out') setReload((n) => n + 1);
      setProblem({ text: errorText(err, { t, language }), rejoin: err instanceof ApiError && BACK_TO_QUEUE.has(err.code) });
      setBusy(false);
    }
  }

  return (
    <form onSubmit={book}>
      <h2>{t('booking.heading')}</h2>
      <div class="field">
        <label for="region">{t('booking.region')}</label>
        <select
          id="region"
          value={region}
          onChange={(e) => {
            setRegion(e.currentTarget.value);
            setCenter('');
            setDate('');
            setSlotId('');
          }}
          data-testid="booking-region"
        >
          <option value="">{t('booking.choose')}</option>
          {centers?.regions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name[language]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="center">{t('booking.center')}</label>
        <select
          id="center"
          value={center}
          disabled={!region}
          onChange={(e) => {
            setCenter(e.currentTarget.value);
            setDate('');
            setSlotId('');
          }}
          data-testid="booking-center"
        >
          <option value="">{t('booking.choose')}</option>
          {regionCenters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {center && !slots && <p role="status">{t('booking.loading')}</p>}
      {slots && dates.length === 0 && <p role="status">{t('booking.none')}</p>}
      <div class="field">
        <label for="date">{t('booking.date')}</label>
        <select
          id="date"
          value={date}
          disabled={dates.length === 0}
          onChange={(e) => {
            setDate(e.currentTarget.value);
            setSlotId('');
          }}
          data-testid="booking-date"
        >
          <option value="">{t('booking.choose')}</option>
          {dates.map((d) => (
            <option key={d} value={d}>
              {dateLabel(d, language)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="vaccines" disabled={vaccines.length === 0} data-testid="booking-vaccines">
        <legend>{t('booking.vaccine')}</legend>
        {vaccines.map((s) => (
          <label key={s.id} class="vaccine">
            <input type="radio" name="vaccine" value={s.id} checked={slotId === s.id} onChange={() => setSlotId(s.id)} data-testid={`vaccine-${s.vaccine}`} />
            <span>{t(`vaccine.${s.vaccine}`)}</span>
            <span class="seats">{s.remaining > 0 ? t('booking.seats', { n: s.remaining.toLocaleString() }) : t('booking.soldOut')}</span>
          </label>
        ))}
      </fieldset>
      <Problem text={problem?.text ?? null} testId="booking-problem" />
      {problem?.rejoin && (
        <button type="button" class="secondary" onClick={onBackToQueue} data-testid="rejoin">
          {t('waiting.rejoin')}
        </button>
      )}
      <button type="submit" class="primary" disabled={!chosen || busy} data-testid="book">
        {busy ? t('booking.working') : t('booking.submit')}
      </button>
    </form>
  );
}

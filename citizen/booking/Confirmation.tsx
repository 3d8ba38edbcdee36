import { useState } from 'preact/hooks';
import type { Reservation } from '../../protocol/booking';
import { api } from '../api/api';
import { useText } from '../i18n/text';
import { errorText } from '../shell/errorText';
import { Problem } from '../shell/Problem';
import { dateLabel } from './dateLabel';

export interface ConfirmationProps {
  reservation: Reservation | null;
  identityToken: string | null;
  cancelled: boolean;
  onCancelled(): void;
  onStartAgain(): void;
}

/** The booking with its reservation number, and cancel (asked twice: it gives the seat away). */
export function Confirmation({ reservation, identityToken, cancelled, onCancelled, onStartAgain }: ConfirmationProps) {
  const { t, language } = useText();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function cancel() {
    if (!reservation) return;
    setProblem(null);
    try {
      await api(`/reservations/${encodeURIComponent(reservation.id)}`, { method: 'DELETE', token: identityToken });
      onCancelled();
    } catch (err) {
      setProblem(errorText(err, { t, language }));
    }
    setAsking(false);
  }

  if (cancelled || !reservation) {
    return (
      <>
        <p class="status" role="status" data-testid="cancelled">
          {t('done.cancelled')}
        </p>
        <button type="button" class="primary" onClick={onStartAgain} data-testid="start-again">
          {t('done.again')}
        </button>
      </>
    );
  }
  return (
    <>
      <h2 class="done-heading">
        <span aria-hidden="true">✓ </span>
        {t('done.heading')}
      </h2>
      <dl class="receipt" data-testid="confirmation">
        <dt>{t('done.id')}</dt>
        <dd class="reservation-id" data-testid="reservation-id">
          {reservation.id}
        </dd>
        <dt>{t('done.center')}</dt>
        <dd>{reservation.center}</dd>
        <dt>{t('done.date')}</dt>
        <dd>{dateLabel(reservation.date, language)}</dd>
        <dt>{t('done.vaccine')}</dt>
        <dd>{t(`vaccine.${reservation.vaccine}`)}</dd>
      </dl>
      <p>{t('done.keep')}</p>
      <Problem text={problem} />
      {asking ? (
        <div class="confirm" role="group" aria-label={t('done.cancelConfirm')}>
          <p>{t('done.cancelConfirm')}</p>
          <button type="button" class="danger" onClick={cancel} data-testid="cancel-yes">
            {t('done.cancelYes')}
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(false)}>
            {t('done.cancelNo')}
          </button>
        </div>
      ) : (
        <button type="button" class="secondary" onClick={() => setAsking(true)} data-testid="cancel">
          {t('done.cancel')}
        </button>
      )}
    </>
  );
}

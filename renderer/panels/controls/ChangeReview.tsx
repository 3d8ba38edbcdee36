import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROVIDER_LABELS, type ControlsPatch } from '../../../protocol';
import type { CommandResult } from '../../connection/session';
import type { ChangeRow, DangerousStep } from './controlsDraft';
import { useLeverLabel, useLeverValue } from './useLeverLabel';

export interface ChangeReviewProps {
  rows: readonly ChangeRow[];
  patch: ControlsPatch;
  dangers: readonly DangerousStep[];
  send(patch: ControlsPatch, reason: string): Promise<CommandResult>;
  onApplied(): void;
  onCancel(): void;
}

const MIN_REASON = 3;

/**
 * Before → after and a reason, then Apply. A dangerous step asks a second time, naming what
 * makes it dangerous, before anything is sent.
 */
export function ChangeReview({ rows, patch, dangers, send, onApplied, onCancel }: ChangeReviewProps) {
  const { t, i18n } = useTranslation();
  const label = useLeverLabel();
  const show = useLeverValue();
  const [reason, setReason] = useState('');
  const [stage, setStage] = useState<'review' | 'danger' | 'sending'>('review');
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const reasonOk = reason.trim().length >= MIN_REASON;

  async function submit() {
    setStage('sending');
    setError(null);
    const ack = await send(patch, reason.trim());
    if (ack.ok) onApplied();
    else {
      setError(t('controls.rejected', { message: ack.message ?? ack.error }));
      setStage('review');
    }
  }

  const dangerText = (step: DangerousStep) =>
    step.kind === 'gateClosed'
      ? t('controls.danger.gateClosed')
      : step.kind === 'rateCut'
        ? t('controls.danger.rateCut', { before: step.before, after: step.after })
        : t('controls.danger.lastGreen', { name: step.providers.map((id) => PROVIDER_LABELS[id][lang]).join(', ') });

  return (
    <div className="change-review" role="dialog" aria-modal="true" aria-labelledby="change-review-title" data-testid="change-review">
      <h3 id="change-review-title">{t('controls.reviewTitle')}</h3>
      <table className="change-table">
        <thead>
          <tr>
            <th>{t('controls.field')}</th>
            <th>{t('controls.before')}</th>
            <th aria-hidden="true" />
            <th>{t('controls.after')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.path} data-testid={`change-${row.path}`}>
              <td>{label(row.path)}</td>
              <td className="before">{show(row.path, row.before)}</td>
              <td aria-hidden="true">→</td>
              <td className="after">{show(row.path, row.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {dangers.length > 0 && (
        <ul className="danger-list" data-testid="danger-list">
          {dangers.map((d) => (
            <li key={d.kind}>⚠ {dangerText(d)}</li>
          ))}
        </ul>
      )}
      <label className="reason">
        {t('controls.reason')}
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          rows={2}
          placeholder={t('controls.reasonHint')}
          disabled={stage !== 'review'}
          data-testid="change-reason"
        />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="change-error">
          {error}
        </p>
      )}
      {stage === 'review' && (
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t('controls.back')}
          </button>
          <button
            type="button"
            className={dangers.length ? 'danger' : 'primary'}
            disabled={!reasonOk}
            onClick={() => (dangers.length ? setStage('danger') : void submit())}
            data-testid="change-apply"
          >
            {t('controls.apply')}
          </button>
        </div>
      )}
      {stage === 'danger' && (
        <div className="danger-confirm" role="alertdialog" aria-labelledby="danger-title" data-testid="danger-confirm">
          <h4 id="danger-title">⚠ {t('controls.dangerTitle')}</h4>
          <ul>
            {dangers.map((d) => (
              <li key={d.kind}>{dangerText(d)}</li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="primary" onClick={() => setStage('review')} autoFocus>
              {t('controls.back')}
            </button>
            <button type="button" className="danger" onClick={() => void submit()} data-testid="danger-apply">
              {t('controls.dangerConfirm')}
            </button>
          </div>
        </div>
      )}
      {stage === 'sending' && <p className="sending">{t('controls.sending')}</p>}
    </div>
  );
}

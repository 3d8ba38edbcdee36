import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../../../protocol';
import { useSession } from '../../connection/session';

const SEVERITIES: Notice['severity'][] = ['info', 'warning', 'critical'];
const MAX_TEXT = 280;

/**
 * A new notice: Korean and English text, severity, how long, and a reason for the audit log; then
 * a confirmation that names who will see it (every citizen page) before anything is sent.
 */
export function NoticeForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const { commands } = useSession();
  const [ko, setKo] = useState('');
  const [en, setEn] = useState('');
  const [severity, setSeverity] = useState<Notice['severity']>('warning');
  const [minutes, setMinutes] = useState(30);
  const [reason, setReason] = useState('');
  const [stage, setStage] = useState<'edit' | 'confirm' | 'sending'>('edit');
  const [error, setError] = useState<string | null>(null);
  const ready = ko.trim().length > 0 && en.trim().length > 0 && minutes >= 1 && minutes <= 1440 && reason.trim().length >= 3;

  async function post() {
    setStage('sending');
    setError(null);
    const ack = await commands.postNotice({ severity, text: { ko: ko.trim(), en: en.trim() }, expiresInMin: minutes, reason: reason.trim() });
    if (ack.ok) onDone();
    else {
      setError(t('notices.rejected', { message: ack.message }));
      setStage('confirm');
    }
  }

  return (
    <div className="notice-form change-review" data-testid="notice-form">
      <label className="reason">
        {t('notices.textKo')}
        <textarea
          value={ko}
          onChange={(e) => setKo(e.target.value)}
          maxLength={MAX_TEXT}
          rows={2}
          lang="ko"
          disabled={stage !== 'edit'}
          data-testid="notice-ko"
        />
      </label>
      <label className="reason">
        {t('notices.textEn')}
        <textarea
          value={en}
          onChange={(e) => setEn(e.target.value)}
          maxLength={MAX_TEXT}
          rows={2}
          lang="en"
          disabled={stage !== 'edit'}
          data-testid="notice-en"
        />
      </label>
      <div className="notice-row">
        <label className="reason">
          {t('notices.severity')}
          <select
            value={severity}
            onChange={(e) => setSeverity(e.target.value as Notice['severity'])}
            disabled={stage !== 'edit'}
            data-testid="notice-severity"
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`notices.severities.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="reason">
          {t('notices.expiresIn')}
          <input
            type="number"
            min={1}
            max={1440}
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
            disabled={stage !== 'edit'}
            data-testid="notice-minutes"
          />
        </label>
      </div>
      <label className="reason">
        {t('notices.reason')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} disabled={stage !== 'edit'} data-testid="notice-reason" />
      </label>
      {stage === 'edit' && (
        <div className="actions">
          <button type="button" onClick={onDone}>
            {t('notices.cancel')}
          </button>
          <button type="button" className="primary" disabled={!ready} onClick={() => setStage('confirm')} data-testid="notice-review">
            {t('notices.review')}
          </button>
        </div>
      )}
      {stage !== 'edit' && (
        <div className="danger-confirm" role="alertdialog" aria-labelledby="notice-confirm-title" data-testid="notice-confirm">
          <h4 id="notice-confirm-title">⚠ {t('notices.confirmTitle')}</h4>
          <p>{t('notices.confirmBody', { minutes })}</p>
          {error && (
            <p className="error" role="alert" data-testid="notice-error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => setStage('edit')} disabled={stage === 'sending'}>
              {t('notices.back')}
            </button>
            <button type="button" className="danger" onClick={() => void post()} disabled={stage === 'sending'} data-testid="notice-post">
              {t('notices.confirm')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

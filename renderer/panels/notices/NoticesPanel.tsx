import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may, type Notice } from '../../../protocol';
import { formatClock } from '../../format/format';
import { useSession } from '../../connection/session';
import { useLive } from '../../connection/useLive';
import { NoticeForm } from './NoticeForm';

/** What every citizen page shows from the situation room; commanders post and take down notices here. */
export function NoticesPanel() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const notices = useLive((s) => s.notices);
  const drillRunning = useLive((s) => s.snapshot?.drill.running ?? false);
  const [composing, setComposing] = useState(false);
  const mayPost = may(session.role, 'notice:post', { drillRunning });
  const lang = i18n.language === 'en' ? 'en' : 'ko';

  return (
    <section className="panel notices-panel" data-testid="notices-panel" aria-labelledby="notices-title">
      <header className="panel-header">
        <h2 id="notices-title">{t('notices.title')}</h2>
        {mayPost && !composing && (
          <button type="button" onClick={() => setComposing(true)} data-testid="notice-new">
            {t('notices.post')}
          </button>
        )}
      </header>
      {!mayPost && <p className="read-only-note">{t('notices.readOnly')}</p>}
      {composing && <NoticeForm onDone={() => setComposing(false)} />}
      {notices.length === 0 ? (
        <p className="muted" data-testid="notices-none">
          {t('notices.none')}
        </p>
      ) : (
        <ul className="notice-list">
          {notices.map((notice) => (
            <ActiveNotice key={notice.id} notice={notice} lang={lang} mayClear={mayPost} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ActiveNotice({ notice, lang, mayClear }: { notice: Notice; lang: 'ko' | 'en'; mayClear: boolean }) {
  const { t } = useTranslation();
  const { commands } = useSession();
  const [clearing, setClearing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function clear() {
    setError(null);
    const ack = await commands.clearNotice({ id: notice.id, reason: reason.trim() });
    if (!ack.ok) setError(t('notices.rejected', { message: ack.message }));
  }

  return (
    <li className={`notice-item notice-${notice.severity}`} data-testid="notice-item">
      <div className="notice-head">
        <span className="notice-severity">{t(`notices.severities.${notice.severity}`)}</span>
        <span className="muted">{t('notices.until', { time: formatClock(notice.expiresAt) })}</span>
      </div>
      <p className="notice-text" lang={lang}>
        {notice.text[lang]}
      </p>
      <p className="notice-text muted" lang={lang === 'ko' ? 'en' : 'ko'}>
        {notice.text[lang === 'ko' ? 'en' : 'ko']}
      </p>
      {mayClear &&
        (clearing ? (
          <div className="notice-clear">
            <label className="reason">
              {t('notices.clearReason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="notice-clear-reason" />
            </label>
            <div className="actions">
              <button type="button" onClick={() => setClearing(false)}>
                {t('notices.cancel')}
              </button>
              <button type="button" className="danger" disabled={reason.trim().length < 3} onClick={() => void clear()} data-testid="notice-clear-confirm">
                {t('notices.clear')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => setClearing(true)} data-testid="notice-clear">
            {t('notices.clear')}
          </button>
        ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

import type { Notice } from '../../protocol/queue';
import { useText } from '../i18n/text';

const SYMBOL: Record<Notice['severity'], string> = { info: 'ℹ', warning: '⚠', critical: '‼' };

/** The situation room's notices, on top of every page; a live region so a screen reader reads a new one out. */
export function NoticeBoard({ notices }: { notices: readonly Notice[] }) {
  const { t, language } = useText();
  return (
    <section class="notices" aria-label={t('notices.label')} aria-live="polite" data-testid="notices">
      {notices.map((notice) => (
        <p key={notice.id} class={`notice notice-${notice.severity}`} role={notice.severity === 'critical' ? 'alert' : undefined} data-testid="notice">
          <span class="notice-kind">
            <span aria-hidden="true">{SYMBOL[notice.severity]} </span>
            {t(`notices.${notice.severity}`)}
          </span>
          <span class="notice-text">{notice.text[language]}</span>
        </p>
      ))}
    </section>
  );
}

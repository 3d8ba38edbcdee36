import type { Language } from '../i18n/text';

/** A slot's calendar date with its weekday: "8월 26일 (목)" / "Thu, Aug 26". */
export function dateLabel(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'ko-KR', { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(
    Date.parse(`${iso}T00:00:00Z`),
  );
}

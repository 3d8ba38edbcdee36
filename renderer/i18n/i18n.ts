import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';

export type Language = 'ko' | 'en';

/** A fresh i18next instance (one per app or test), Korean by default. */
export function createI18n(language: Language = 'ko'): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'ko',
    resources: { ko: { translation: ko }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

export function languageFromUrl(search: string): Language {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'ko';
}

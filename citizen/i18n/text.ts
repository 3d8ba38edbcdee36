import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en';
import { ko, type MessageKey } from './ko';

export type Language = 'ko' | 'en';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Korean unless the address says `?lang=en`. */
export function languageFrom(search: string): Language {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'ko';
}

export function translator(language: Language): Translate {
  const table = language === 'en' ? en : ko;
  return (key, params) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/** A time in Korea (KST), e.g. "8월 9일 (월) 오후 8:00" / "Mon, Aug 9, 8:00 PM". */
export function kstTime(ms: number, language: Language): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'ko-KR', {
    timeZone: 'Asia/Seoul',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(ms);
}

export interface TextContext {
  language: Language;
  t: Translate;
}

export const Text = createContext<TextContext>({ language: 'ko', t: translator('ko') });
export const useText = () => useContext(Text);

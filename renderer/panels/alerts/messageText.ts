import type { TFunction } from 'i18next';
import { PROVIDER_IDS, PROVIDER_LABELS, type MessageParams, type ProviderId } from '../../../protocol';

const isProvider = (value: unknown): value is ProviderId => typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);

/**
 * A server message in the console's language: its code and parameters through `messages.<code>`,
 * a provider id shown by its name; the server's English text only for a code this console does
 * not know (an older console, a newer server).
 */
export function messageText(t: TFunction, lang: string, code: string | undefined, params: MessageParams | undefined, fallback: string): string {
  if (!code) return fallback;
  const provider = params?.provider;
  const providerName = isProvider(provider) ? PROVIDER_LABELS[provider][lang === 'en' ? 'en' : 'ko'] : provider;
  // A `cause` is itself a message code (the autopilot's reason for a change), formatted first.
  const { cause: causeCode, ...rest } = params ?? {};
  const cause = typeof causeCode === 'string' ? messageText(t, lang, causeCode, rest, '') : undefined;
  return t(`messages.${code}`, { ...params, providerName, ...(cause !== undefined ? { why: cause } : {}), defaultValue: fallback });
}

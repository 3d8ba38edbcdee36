import type { NotEligibleBody } from '../../protocol/booking';
import { ApiError } from '../api/api';
import { kstTime, type Language, type Translate } from '../i18n/text';
import type { MessageKey } from '../i18n/ko';

export interface ErrorTextContext {
  t: Translate;
  language: Language;
  /** A provider id in the page's language. */
  providerName?: (id: string) => string;
  /** The provider the failed request used. */
  provider?: string;
}

const PROVIDER_CODES = new Set(['provider_unavailable', 'provider_busy', 'provider_timeout', 'provider_error']);

/** A server refusal as a sentence in the page's language that says what to do next. */
export function errorText(err: unknown, { t, language, providerName = (id) => id, provider = '' }: ErrorTextContext): string {
  if (!(err instanceof ApiError)) return t('error.unknown');
  const { code, body } = err;
  const details = body;
  if (PROVIDER_CODES.has(code)) {
    const alternatives = Array.isArray(details.alternatives) ? (details.alternatives as string[]).map(providerName) : [];
    if (code === 'provider_unavailable' && alternatives.length === 0) return t('error.provider_unavailableNone', { provider: providerName(provider) });
    return t(`error.${code}` as MessageKey, { provider: providerName(provider), alternatives: alternatives.join(', ') || '—' });
  }
  if (code === 'verify_too_soon' || code === 'other_device') {
    const retryAt = typeof details.retryAt === 'number' ? details.retryAt : Date.now() + 600_000;
    return t(`error.${code}`, { time: kstTime(retryAt, language) });
  }
  if (code === 'not_eligible') {
    const refused = body as Partial<NotEligibleBody>;
    if (refused.next) return t('error.not_eligibleNext', { start: kstTime(refused.next.start, language), end: kstTime(refused.next.end, language) });
    if (refused.reason === 'outside_age_range') return t('error.not_eligibleOutside');
    return t('error.not_eligible');
  }
  const key = `error.${code}` as MessageKey;
  return key in KNOWN ? t(key) : t('error.unknown');
}

const KNOWN: Partial<Record<MessageKey, true>> = Object.fromEntries(
  (
    [
      'error.network',
      'error.gate_closed',
      'error.rate_limited',
      'error.store_unavailable',
      'error.invalid_ticket',
      'error.ticket_expired',
      'error.invalid_access',
      'error.access_expired',
      'error.session_ended',
      'error.identity_not_confirmed',
      'error.session_person_bound',
      'error.verify_in_progress',
      'error.invalid_identity',
      'error.identity_expired',
      'error.sold_out',
      'error.already_reserved',
      'error.unknown_slot',
      'error.reservation_not_found',
      'error.bad_request',
    ] as MessageKey[]
  ).map((key) => [key, true]),
);

/** Codes after which the citizen must go back to the queue: the entry behind the request is gone. */
export const BACK_TO_QUEUE = new Set(['invalid_access', 'access_expired', 'session_ended', 'session_person_bound', 'invalid_ticket', 'ticket_expired']);

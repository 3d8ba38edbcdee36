import type { ErrorCode } from './errors';

/**
 * What a domain service answers: a value, or a refusal with a code from the closed list. HTTP
 * routes and Socket.IO acks each map refusals in one place; services never know about either.
 */
export type Outcome<T, C extends ErrorCode = ErrorCode> = Success<T> | Refusal<C>;

export interface Success<T> {
  ok: true;
  value: T;
}

export interface Refusal<C extends ErrorCode = ErrorCode> {
  ok: false;
  code: C;
  /** For people: what happened and what to do next. */
  message: string;
  /** Machine-readable fields that go with the code (`alternatives`, `retryAt`, …). */
  details?: Record<string, unknown>;
  /** When a retry makes sense, in seconds (HTTP `Retry-After`). */
  retryAfterSec?: number;
}

export function success<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function refusal<C extends ErrorCode>(code: C, message: string, extra: Pick<Refusal, 'details' | 'retryAfterSec'> = {}): Refusal<C> {
  return { ok: false, code, message, ...extra };
}

import type { TSchema } from 'typebox';
import Type from 'typebox';
import { ErrorBody, type ErrorCode } from '../../protocol';
import { HTTP_STATUS } from './error-status';

/** Failures any route may answer: a malformed request, a store outage, our own fault. */
const ANY_ROUTE: ErrorCode[] = ['bad_request', 'store_unavailable', 'internal'];

/**
 * A route's response schemas: its success answers, plus an error body for the status of each
 * code it may refuse with (the codes are listed in the description, for the OpenAPI document).
 */
export function responses(success: Record<number, TSchema>, codes: ErrorCode[] = []): Record<number, TSchema> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of [...codes, ...ANY_ROUTE]) {
    const status = HTTP_STATUS[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const schemas: Record<number, TSchema> = { ...success };
  for (const [status, set] of byStatus) {
    schemas[status] = Type.Object(ErrorBody.properties, { additionalProperties: true, description: [...set].join(' | ') });
  }
  return schemas;
}

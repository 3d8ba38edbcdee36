import Type, { type Static } from 'typebox';

/**
 * Every error code the system answers with, over HTTP (`{ error, message }`) and in Socket.IO
 * acks (`{ ok: false, error, message }`). One closed list: a new failure needs a new code here,
 * and the server's HTTP status table (`server/http/error-status.ts`) must place it.
 */
export const ERROR_CODES = [
  // Requests any route may refuse.
  'bad_request',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'rate_limited',
  'store_unavailable',
  'internal',
  // Waiting room.
  'gate_closed',
  'weak_client_id',
  'invalid_ticket',
  'ticket_expired',
  // Identity verification.
  'invalid_access',
  'access_expired',
  'session_ended',
  'provider_unavailable',
  'provider_busy',
  'provider_timeout',
  'provider_error',
  'identity_not_confirmed',
  'verify_too_soon',
  'other_device',
  'session_person_bound',
  'verify_in_progress',
  // Booking.
  'invalid_identity',
  'identity_expired',
  'missing_idempotency_key',
  'bad_idempotency_key',
  'idempotency_key_reused',
  'unknown_slot',
  'not_eligible',
  'sold_out',
  'already_reserved',
  'reservation_not_found',
  'reservation_cancelled',
  // Operators and the console.
  'invalid_credentials',
  'invalid_token',
  'token_expired',
  'forbidden',
  'invalid_controls',
  'conflict',
  'not_training',
  'drill_running',
  'no_drill',
  'unknown_alert',
  'console_not_built',
  'citizen_not_built',
  // Drills and notices.
  'unknown_scenario',
  'no_runner',
  'unknown_report',
  'unknown_notice',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorCodeSchema = Type.Enum(ERROR_CODES);

/**
 * Every error answer of the public API: a stable code and a human message, never a stack trace.
 * Some failures add fields that say what to do next (`alternatives`, `retryAt`, `next`, …).
 */
export const ErrorBody = Type.Object(
  {
    error: ErrorCodeSchema,
    message: Type.String(),
  },
  { additionalProperties: true },
);
export type ErrorBody = Static<typeof ErrorBody>;

import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  ReserveBody,
  SlotsQuery,
  type CancelReply,
  type EventReply,
  type MyReservationReply,
  type ReserveReply,
  type SlotsReply,
} from '../../protocol';
import { HttpError } from '../http/http-error';
import { bearer } from '../tokens/tokens';
import type { BookingAnswer, Identity } from './booking';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const BIRTH_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CancelParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export async function bookingRoutes(app: FastifyInstance): Promise<void> {
  const { booking, tokens } = app;

  /** `attempt`: a booking attempt, whose refusal counts among the booking failures. */
  function identityOf(request: FastifyRequest, attempt = false): Identity {
    const verified = tokens.verify<Identity>('identity', bearer(request.headers.authorization));
    if (!verified.ok) {
      if (attempt) booking.countFailure(verified.reason === 'expired' ? 'identity_expired' : 'invalid_identity');
      throw verified.reason === 'expired'
        ? new HttpError(401, 'identity_expired', 'Your identity verification has expired. Verify again to book.')
        : new HttpError(401, 'invalid_identity', 'Booking needs a valid identity token. Verify your identity first.');
    }
    const { n, bd, pid } = verified.claims;
    if (typeof n !== 'number' || typeof bd !== 'string' || !BIRTH_DATE.test(bd) || typeof pid !== 'string' || pid === '') {
      if (attempt) booking.countFailure('invalid_identity');
      throw new HttpError(401, 'invalid_identity', 'This identity token does not say who you are. Verify your identity again.');
    }
    return { n, bd, pid };
  }

  function unless(answer: BookingAnswer): asserts answer is Extract<BookingAnswer, { ok: true }> {
    if (!answer.ok) throw new HttpError(answer.status, answer.code, answer.message, answer.extra);
  }

  app.get('/api/v1/event', async (): Promise<EventReply> => booking.event());

  app.get<{ Querystring: SlotsQuery }>(
    '/api/v1/slots',
    { schema: { querystring: SlotsQuery } },
    async (request): Promise<SlotsReply> => booking.slots(request.query),
  );

  app.post<{ Body: ReserveBody }>('/api/v1/reservations', { schema: { body: ReserveBody } }, async (request, reply): Promise<ReserveReply> => {
    const identity = identityOf(request, true);
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') {
      booking.countFailure('missing_idempotency_key');
      throw new HttpError(400, 'missing_idempotency_key', 'Send an Idempotency-Key header (a new random id per booking attempt) so a retry cannot book twice.');
    }
    if (!IDEMPOTENCY_KEY.test(key)) {
      booking.countFailure('bad_idempotency_key');
      throw new HttpError(400, 'bad_idempotency_key', 'The Idempotency-Key must be 8 to 128 letters, digits or _ . : -');
    }
    const answer = await booking.reserve(identity, request.body.slotId, key);
    unless(answer);
    reply.code(201);
    if (answer.repeat) reply.header('idempotent-replayed', 'true');
    return { reservation: answer.reservation };
  });

  app.get('/api/v1/reservations/me', async (request): Promise<MyReservationReply> => {
    return { reservation: await booking.mine(identityOf(request)) };
  });

  app.delete<{ Params: { id: string } }>(
    '/api/v1/reservations/:id',
    { schema: { params: CancelParams } },
    async (request): Promise<CancelReply> => {
      const answer = await booking.cancel(identityOf(request), request.params.id);
      unless(answer);
      return { cancelled: answer.reservation };
    },
  );
}

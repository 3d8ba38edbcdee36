import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CancelReply, EventReply, MyReservationReply, refusal, ReserveBody, ReserveReply, SlotsQuery, SlotsReply } from '../../protocol';
import { claimsOf } from '../http/authenticate';
import { refuse, unwrap } from '../http/refusal-error';
import { responses } from '../http/responses';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const CancelParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const MISSING_KEY = refusal('missing_idempotency_key', 'Send an Idempotency-Key header (a new random id per booking attempt) so a retry cannot book twice.');
const BAD_KEY = refusal('bad_idempotency_key', 'The Idempotency-Key must be 8 to 128 letters, digits or _ . : -');

/** The event calendar, slots and reservations (under the API prefix). */
export async function bookingRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { booking } = app;
  const identified = app.authenticate('identity');
  const security = [{ identity: [] }];
  const tokenCodes = ['invalid_identity', 'identity_expired'] as const;

  app.get('/event', { schema: { summary: 'Who may book now, and when the next window opens', response: responses({ 200: EventReply }) } }, async () =>
    booking.event(),
  );

  app.get(
    '/slots',
    {
      schema: {
        summary: 'Slots with seats left (the same answer for up to a second; cacheable for a second)',
        querystring: SlotsQuery,
        response: responses({ 200: SlotsReply }),
      },
    },
    async (request, reply) => {
      // Served as the JSON this node built for the same query within the last second.
      reply.header('cache-control', 'public, max-age=1').type('application/json; charset=utf-8');
      return reply.send(await booking.slotsJson(request.query));
    },
  );

  app.post(
    '/reservations',
    {
      schema: {
        summary: 'Book a slot, atomically and at most once per person',
        security,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: ReserveBody,
        response: responses({ 201: ReserveReply }, [
          ...tokenCodes,
          'missing_idempotency_key',
          'bad_idempotency_key',
          'idempotency_key_reused',
          'reservation_cancelled',
          'unknown_slot',
          'not_eligible',
          'session_ended',
          'sold_out',
          'already_reserved',
        ]),
      },
      // A refused token counts among the booking failures the console shows.
      onRequest: app.authenticate('identity', { onRefused: (refused) => booking.countFailure(refused.code) }),
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key === undefined || key === '') {
        booking.countFailure(MISSING_KEY.code);
        refuse(MISSING_KEY);
      }
      if (!IDEMPOTENCY_KEY.test(key)) {
        booking.countFailure(BAD_KEY.code);
        refuse(BAD_KEY);
      }
      const answer = unwrap(await booking.reserve(claimsOf(request, 'identity'), request.body.slotId, key));
      reply.code(201);
      if (answer.repeat) reply.header('idempotent-replayed', 'true');
      return { reservation: answer.reservation };
    },
  );

  app.get(
    '/reservations/me',
    {
      schema: { summary: "The person's reservation, if any", security, response: responses({ 200: MyReservationReply }, [...tokenCodes]) },
      onRequest: identified,
    },
    async (request) => ({ reservation: await booking.mine(claimsOf(request, 'identity')) }),
  );

  app.delete(
    '/reservations/:id',
    {
      schema: {
        summary: 'Cancel a reservation; its seat goes back on sale',
        security,
        params: CancelParams,
        response: responses({ 200: CancelReply }, [...tokenCodes, 'reservation_not_found']),
      },
      onRequest: identified,
    },
    async (request) => ({ cancelled: unwrap(await booking.cancel(claimsOf(request, 'identity'), request.params.id)).reservation }),
  );
}

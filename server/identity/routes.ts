import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ProvidersStatusReply, VerifyBody, VerifyReply } from '../../protocol';
import { claimsOf } from '../http/authenticate';
import { unwrap } from '../http/refusal-error';
import { responses } from '../http/responses';
import { VERIFY_REFUSAL_CODES } from './identity-gateway';

/** `POST /identity/verify` and the public `GET /providers/status` (under the API prefix). */
export async function identityRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { identity } = app;

  app.post(
    '/identity/verify',
    {
      schema: {
        summary: 'Verify a person through one of the six identity providers',
        security: [{ access: [] }],
        body: VerifyBody,
        response: responses({ 200: VerifyReply }, ['invalid_access', 'access_expired', ...VERIFY_REFUSAL_CODES]),
      },
      onRequest: app.authenticate('access'),
    },
    async (request) => unwrap(await identity.verify(claimsOf(request, 'access').ticketNumber, request.body)),
  );

  app.get(
    '/providers/status',
    {
      schema: {
        summary: "Every provider's public traffic light (cacheable for a second)",
        response: responses({ 200: ProvidersStatusReply }),
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=1');
      return identity.status();
    },
  );
}

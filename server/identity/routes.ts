import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VerifyBody, type ProvidersStatusReply, type VerifyReply } from '../../protocol';
import { HttpError } from '../http/http-error';
import { bearer } from '../tokens/tokens';

export async function identityRoutes(app: FastifyInstance): Promise<void> {
  const { identity, tokens } = app;
  const admitted = new WeakMap<FastifyRequest, number>();

  app.post<{ Body: VerifyBody }>(
    '/api/v1/identity/verify',
    {
      schema: { body: VerifyBody },
      // The access token is checked before the body, so a stranger learns nothing from validation.
      preValidation: async (request) => {
        const verified = tokens.verify<{ n: number }>('access', bearer(request.headers.authorization));
        if (!verified.ok) {
          throw verified.reason === 'expired'
            ? new HttpError(401, 'access_expired', 'Your turn has ended. Join the queue again to verify.')
            : new HttpError(401, 'invalid_access', 'Verification needs the access token you get when the waiting room admits you.');
        }
        admitted.set(request, verified.claims.n);
      },
    },
    async (request): Promise<VerifyReply> => identity.verify(admitted.get(request)!, request.body),
  );

  app.get('/api/v1/providers/status', async (_request, reply): Promise<ProvidersStatusReply> => {
    reply.header('cache-control', 'public, max-age=1');
    return identity.status();
  });
}

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { API_PREFIX } from './api-routes';
import { docsCsp } from './security-headers';

const bearer = (description: string) => ({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description }) as const;

/**
 * The OpenAPI 3.1 document of every route, built from the route schemas (`protocol/`) at
 * `GET /api/v1/openapi.json`, browsable at `/docs`. Registered before any route so it sees them all.
 */
export const openApiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sluice',
        version: '1',
        description:
          'Waiting room, identity gateway, booking and operator API of a national reservation surge. Errors are `{ error, message }` with a code from one closed list.',
      },
      components: {
        securitySchemes: {
          ticket: bearer('The waiting-room ticket from POST /queue/join'),
          access: bearer('The access token from GET /queue/status once admitted'),
          identity: bearer('The identity token from POST /identity/verify'),
          operator: bearer('An operator token from POST /console/login'),
          service: bearer("The drill runner's service token from POST /service/token"),
        },
      },
    },
  });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
  // swagger-ui sends its own CSP (with its inline script's hash), made as strict as ours where it can be.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: docsCsp });
});

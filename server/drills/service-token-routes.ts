import { createHash, timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { refusal, ServiceTokenBody, ServiceTokenReply } from '../../protocol';
import { LIMITER_KEYS } from '../http/rate-limits';
import { refuse } from '../http/refusal-error';
import { responses } from '../http/responses';

/** A service token lasts an hour; the runner asks for a new one on every (re)connection. */
export const SERVICE_TOKEN_TTL_SEC = 3600;

const INVALID_KEY = refusal('invalid_credentials', 'That is not the simulator key.');

/** Equal in time independent of where they differ (both hashed first, so lengths do not show either). */
export function sameKey(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `POST /service/token` (under the API prefix): the drill runner trades the shared key
 * (SLUICE_SIMULATOR_KEY) for a `simulator` service token. No human logs in here, and no operator
 * role is ever issued; wrong keys are slowed per address like operator logins.
 */
export async function serviceTokenRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, clock } = app;
  const perIp = {
    max: config.console.loginsPerMinutePerIp,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `service-token-ip:${request.ip}`,
    cache: LIMITER_KEYS.logins,
  };
  const limit = app.createRateLimit(perIp);

  app.post(
    '/service/token',
    {
      schema: {
        summary: "The drill runner's service token, for its shared key (never a human login)",
        body: ServiceTokenBody,
        response: responses({ 200: ServiceTokenReply }, ['invalid_credentials', 'rate_limited']),
      },
      preHandler: async (request) => {
        const result = await limit(request);
        if (!result.isAllowed && result.isExceeded) {
          request.log.warn({ key: result.key }, 'service token rate limited');
          refuse(refusal('rate_limited', 'Too many attempts; wait a minute and try again.', { retryAfterSec: result.ttlInSeconds }));
        }
      },
    },
    async (request) => {
      const expected = config.simulatorKey;
      if (!expected || !sameKey(request.body.key, expected)) {
        request.log.info({ ip: request.ip }, 'service token refused');
        refuse(INVALID_KEY);
      }
      const expiresAt = clock.now() + SERVICE_TOKEN_TTL_SEC * 1000;
      const token = app.tokens.sign('service', { role: 'simulator' }, expiresAt);
      return { token, role: 'simulator' as const, expiresAt };
    },
  );
}

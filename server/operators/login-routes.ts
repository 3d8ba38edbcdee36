import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginBody, LoginReply, refusal } from '../../protocol';
import { LIMITER_KEYS } from '../http/rate-limits';
import { refuse } from '../http/refusal-error';
import { responses } from '../http/responses';

const INVALID_CREDENTIALS = refusal('invalid_credentials', 'Wrong username or password.');

/**
 * `POST /console/login` (under the API prefix): one token per shift. Brute force is slowed per
 * address and per (account, address): a stranger's wrong guesses lock out only their own address,
 * never the operator logging in from somewhere else.
 */
export async function loginRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, clock } = app;
  // Two separate counters; @fastify/rate-limit's preHandler form runs only the first limiter of a route.
  const perIp = {
    max: config.console.loginsPerMinutePerIp,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `login-ip:${request.ip}`,
    cache: LIMITER_KEYS.logins,
  };
  const perAccountAndIp = {
    max: config.console.loginsPerMinutePerAccount,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) =>
      `login-account:${request.ip}:${String((request.body as LoginBody).username)
        .trim()
        .toLowerCase()}`,
    cache: LIMITER_KEYS.logins,
  };
  const limits = [app.createRateLimit(perIp), app.createRateLimit(perAccountAndIp)];
  const slowBruteForce = async (request: FastifyRequest): Promise<void> => {
    for (const limit of limits) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        request.log.warn({ key: result.key }, 'operator login rate limited');
        refuse(refusal('rate_limited', 'Too many login attempts; wait a minute and try again.', { retryAfterSec: result.ttlInSeconds }));
      }
    }
  };

  app.post(
    '/console/login',
    {
      schema: {
        summary: "An operator's login: a token for one shift",
        body: LoginBody,
        response: responses({ 200: LoginReply }, ['invalid_credentials', 'rate_limited']),
      },
      preHandler: slowBruteForce,
    },
    async (request) => {
      const operator = await app.operators.authenticate(request.body.username, request.body.password);
      if (!operator) {
        request.log.info({ username: request.body.username.slice(0, 64), ip: request.ip }, 'operator login refused');
        refuse(INVALID_CREDENTIALS);
      }
      const expiresAt = clock.now() + config.console.operatorTokenTtlSec * 1000;
      const token = app.tokens.sign('operator', { operator: operator.username, role: operator.role, version: operator.version }, expiresAt);
      await app.auditLog.record({ kind: 'login', actor: operator.username, role: operator.role, reason: null });
      return { token, role: operator.role, expiresAt };
    },
  );
}

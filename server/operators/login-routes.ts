import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginBody, type LoginReply } from '../../protocol';
import { HttpError } from '../http/http-error';

interface OperatorClaims {
  sub: string;
  role: LoginReply['role'];
}

/** `POST /api/v1/console/login`: one token per shift; brute force slowed per IP and per account. */
export async function loginRoutes(app: FastifyInstance): Promise<void> {
  const { config, clock } = app;
  // Two separate counters; @fastify/rate-limit's preHandler form runs only the first limiter of a route.
  const limits = [
    app.createRateLimit({
      max: config.console.loginsPerMinutePerIp,
      timeWindow: 60_000,
      keyGenerator: (request) => `login-ip:${request.ip}`,
    }),
    app.createRateLimit({
      max: config.console.loginsPerMinutePerAccount,
      timeWindow: 60_000,
      keyGenerator: (request) => `login-account:${String((request.body as LoginBody).username).trim().toLowerCase()}`,
    }),
  ];
  const slowBruteForce = async (request: FastifyRequest): Promise<void> => {
    for (const limit of limits) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        request.log.warn({ key: result.key }, 'operator login rate limited');
        throw new HttpError(429, 'rate_limited', 'Too many login attempts; wait a minute and try again.', {}, { 'retry-after': String(result.ttlInSeconds) });
      }
    }
  };

  app.post<{ Body: LoginBody }>(
    '/api/v1/console/login',
    { schema: { body: LoginBody }, preHandler: slowBruteForce },
    async (request): Promise<LoginReply> => {
      const operator = await app.operators.authenticate(request.body.username, request.body.password);
      if (!operator) {
        request.log.info({ username: request.body.username.slice(0, 64), ip: request.ip }, 'operator login refused');
        throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.');
      }
      const expiresAt = clock.now() + config.console.operatorTokenTtlSec * 1000;
      const token = app.tokens.sign<OperatorClaims>('operator', { sub: operator.username, role: operator.role }, expiresAt);
      await app.auditLog.record({ kind: 'login', actor: operator.username, role: operator.role, reason: null });
      return { token, role: operator.role, expiresAt };
    },
  );
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JoinBody, JoinReply, type StatusReply } from '../../protocol';
import { HttpError } from '../http/http-error';
import { bearer } from '../tokens/tokens';

interface TicketClaims {
  n: number;
  iat: number;
}

interface AccessClaims {
  n: number;
}

export async function waitingRoomRoutes(app: FastifyInstance): Promise<void> {
  const { config, waitingRoom, tokens, clock, metrics } = app;

  const limitPerIp = app.rateLimit({
    max: config.joinsPerSecPerIp,
    timeWindow: 1000,
    keyGenerator: (request) => `ip:${request.ip}`,
  });
  // A second limiter on the same route: rateLimit() hooks run once per request, so this one
  // is checked by hand through createRateLimit().
  const clientLimiter = app.createRateLimit({
    max: config.joinsPerMinutePerClient,
    timeWindow: 60_000,
    keyGenerator: (request) => `client:${(request.body as JoinBody).clientId}`,
  });
  const limitPerClient = async (request: FastifyRequest<{ Body: JoinBody }>) => {
    if (!request.body?.clientId) return;
    const verdict = await clientLimiter(request);
    if (!verdict.isAllowed && verdict.isExceeded) {
      metrics.joinsRefused.inc({ reason: 'client_rate' });
      throw new HttpError(429, 'rate_limited', 'This device is joining too often. Keep your ticket and wait.', {}, {
        'retry-after': String(verdict.ttlInSeconds),
      });
    }
  };

  app.post<{ Body: JoinBody }>(
    '/api/v1/queue/join',
    { schema: { body: JoinBody, response: { 200: JoinReply } }, preHandler: [limitPerIp, limitPerClient] },
    async (request): Promise<JoinReply> => {
      const gate = app.controls.current.gate;
      if (gate === 'closed') {
        metrics.joinsRefused.inc({ reason: 'gate_closed' });
        throw new HttpError(503, 'gate_closed', 'The waiting room is closed right now. Please come back when it opens.', {}, { 'retry-after': '60' });
      }
      const { number, reused } = await waitingRoom.join(request.body?.clientId);
      metrics.joins.inc({ reused: String(reused) });
      const now = clock.now();
      const ticket = tokens.sign<TicketClaims>('ticket', { n: number, iat: now }, now + config.ticketTtlSec * 1000);
      return { ticket, ...waitingRoom.view(number), gate };
    },
  );

  app.get('/api/v1/queue/status', async (request: FastifyRequest): Promise<StatusReply> => {
    const verified = tokens.verify<TicketClaims>('ticket', bearer(request.headers.authorization));
    if (!verified.ok) {
      throw verified.reason === 'expired'
        ? new HttpError(401, 'ticket_expired', 'This ticket has expired. Join the queue again.')
        : new HttpError(401, 'invalid_ticket', 'This ticket is not valid. Join the queue to get one.');
    }
    const number = verified.claims.n;
    if (!waitingRoom.isAdmitted(number)) {
      waitingRoom.noteLive(number);
      return { state: 'waiting', ...waitingRoom.view(number), gate: app.controls.current.gate };
    }
    const claim = await waitingRoom.claim(number);
    if (claim.state === 'active') {
      const accessToken = tokens.sign<AccessClaims>('access', { n: number }, claim.expiresAt);
      return { state: 'admitted', accessToken, expiresAt: claim.expiresAt };
    }
    if (claim.state === 'waiting') {
      return { state: 'waiting', ...waitingRoom.view(number), gate: app.controls.current.gate };
    }
    return {
      state: 'expired',
      message: 'Your turn came and went, or your session ended. Join the queue again to get a new place.',
    };
  });
}

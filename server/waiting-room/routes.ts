import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JoinBody, JoinReply, refusal, StatusReply } from '../../protocol';
import { claimsOf } from '../http/authenticate';
import { LIMITER_KEYS } from '../http/rate-limits';
import { refuse } from '../http/refusal-error';
import { responses } from '../http/responses';
import { clientIdWeakness } from './client-id';
import { QUEUE_STATE_PATH } from './queue-state-routes';

const GATE_CLOSED = refusal('gate_closed', 'The waiting room is closed right now. Please come back when it opens.', { retryAfterSec: 60 });

/** `POST /queue/join` and `GET /queue/status` (under the API prefix). */
export async function waitingRoomRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, waitingRoom, tokens, clock, metrics } = app;

  const limitPerIp = app.rateLimit({
    max: config.joinsPerSecPerIp,
    timeWindow: 1000,
    keyGenerator: (request) => `ip:${request.ip}`,
    cache: LIMITER_KEYS.joinsPerIp,
  });
  // A second limiter on the same route: rateLimit() hooks run once per request, so this one
  // is checked by hand through createRateLimit().
  const clientLimits = {
    max: config.joinsPerMinutePerClient,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => `client:${(request.body as JoinBody).clientId}`,
    cache: LIMITER_KEYS.joinsPerClient,
  };
  const clientLimiter = app.createRateLimit(clientLimits);
  const limitPerClient = async (request: FastifyRequest<{ Body: JoinBody }>) => {
    const clientId = request.body?.clientId;
    if (!clientId) return;
    // Checked before it counts against any limit: a guessable id would hand its holder's place to anyone.
    const weakness = clientIdWeakness(clientId);
    if (weakness) refuse(refusal('weak_client_id', `The clientId ${weakness}.`));
    const verdict = await clientLimiter(request);
    if (!verdict.isAllowed && verdict.isExceeded) {
      metrics.joinsRefused.inc({ reason: 'client_rate' });
      refuse(refusal('rate_limited', 'This device is joining too often. Keep your ticket and wait.', { retryAfterSec: verdict.ttlInSeconds }));
    }
  };

  app.post(
    '/queue/join',
    {
      schema: {
        summary: 'Join the waiting room: a signed ticket with a queue number',
        body: JoinBody,
        response: responses({ 200: JoinReply }, ['gate_closed', 'rate_limited', 'weak_client_id']),
      },
      preHandler: [limitPerIp, limitPerClient],
    },
    async (request) => {
      const gate = app.controls.current.gate;
      if (gate === 'closed') {
        metrics.joinsRefused.inc({ reason: 'gate_closed' });
        refuse(GATE_CLOSED);
      }
      const { number, reused } = await waitingRoom.join(request.body?.clientId);
      metrics.joins.inc({ reused: String(reused) });
      const now = clock.now();
      const ticket = tokens.sign('ticket', { ticketNumber: number, issuedAt: now }, now + config.ticketTtlSec * 1000);
      return { ticket, ...waitingRoom.view(number), gate, stateUrl: QUEUE_STATE_PATH };
    },
  );

  app.get(
    '/queue/status',
    {
      schema: {
        summary: 'Where a ticket stands: waiting (position, ETA), admitted (access token) or expired',
        security: [{ ticket: [] }],
        response: responses({ 200: StatusReply }, ['invalid_ticket', 'ticket_expired']),
      },
      onRequest: app.authenticate('ticket'),
      // The hottest route: a three-way union through fast-json-stringify costs more than
      // JSON.stringify; the schema stays for the API document.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request): Promise<StatusReply> => {
      const number = claimsOf(request, 'ticket').ticketNumber;
      if (!waitingRoom.isAdmitted(number)) {
        waitingRoom.noteLive(number);
        return { state: 'waiting', ...waitingRoom.view(number), gate: app.controls.current.gate, stateUrl: QUEUE_STATE_PATH };
      }
      const claim = await waitingRoom.claim(number);
      if (claim.state === 'active') {
        const accessToken = tokens.sign('access', { ticketNumber: number }, claim.expiresAt);
        return { state: 'admitted', accessToken, expiresAt: claim.expiresAt };
      }
      if (claim.state === 'waiting') {
        return { state: 'waiting', ...waitingRoom.view(number), gate: app.controls.current.gate, stateUrl: QUEUE_STATE_PATH };
      }
      return {
        state: 'expired',
        message: 'Your turn came and went, or your session ended. Join the queue again to get a new place.',
      };
    },
  );
}

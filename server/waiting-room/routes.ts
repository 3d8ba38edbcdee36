import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JoinBody, JoinReply, refusal, StatusReply } from '../../protocol';
import { claimsOf } from '../http/authenticate';
import { refuse } from '../http/refusal-error';
import { responses } from '../http/responses';
import { StoreUnavailableError, type JoinLimits, type LimitedJoin, type WindowCount } from '../store';
import { clientIdWeakness } from './client-id';
import { QUEUE_STATE_PATH } from './queue-state-routes';

const GATE_CLOSED = refusal('gate_closed', 'The waiting room is closed right now. Please come back when it opens.', { retryAfterSec: 60 });

/** `POST /queue/join` and `GET /queue/status` (under the API prefix). */
export async function waitingRoomRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, waitingRoom, tokens, clock, metrics } = app;

  /**
   * The join limits (per address a second, per client id a minute) are counted by the store in
   * the same step as the join itself: one round trip, cluster-wide on Redis. The answers are those
   * @fastify/rate-limit gave: the per-address limit first, with its x-ratelimit-* headers; a
   * refused client id still counts against its address; a closed gate still counts both.
   */
  const limitsFor = (request: FastifyRequest, clientId: string | undefined, issue: boolean): JoinLimits => ({
    perAddress: { key: request.ip, max: config.joinsPerSecPerIp, windowMs: 1000 },
    perClient: clientId ? { key: clientId, max: config.joinsPerMinutePerClient, windowMs: 60_000 } : null,
    issue,
  });
  const tooFastFromAddress = (reply: FastifyReply, address: WindowCount): void => {
    const max = config.joinsPerSecPerIp;
    const resetSec = Math.ceil(address.ttlMs / 1000);
    reply.header('x-ratelimit-limit', max);
    if (address.count <= max) {
      reply.header('x-ratelimit-remaining', Math.max(0, max - address.count));
      reply.header('x-ratelimit-reset', resetSec);
      return;
    }
    reply.header('x-ratelimit-remaining', 0);
    reply.header('x-ratelimit-reset', resetSec);
    reply.header('retry-after', resetSec);
    throw Object.assign(new Error(`Rate limit exceeded, retry in ${resetSec} second${resetSec === 1 ? '' : 's'}`), { statusCode: 429 });
  };

  app.post(
    '/queue/join',
    {
      schema: {
        summary: 'Join the waiting room: a signed ticket with a queue number',
        body: JoinBody,
        response: responses({ 200: JoinReply }, ['gate_closed', 'rate_limited', 'weak_client_id']),
      },
      // As for status: JSON.stringify writes the ~450-character ticket faster than fast-json-stringify's escaping loop.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      const clientId = request.body?.clientId || undefined;
      // Checked before it counts against the client's limit: a guessable id would hand its holder's place to anyone.
      const weakness = clientId ? clientIdWeakness(clientId) : null;
      const gate = app.controls.current.gate;
      const issue = weakness === null && gate !== 'closed';
      let outcome: LimitedJoin | null;
      try {
        outcome = await waitingRoom.joinWithin(weakness ? undefined : clientId, limitsFor(request, weakness ? undefined : clientId, issue));
      } catch (err) {
        // Limits that cannot be counted let the request pass; with no ticket to issue, its refusal stands.
        if (issue || !(err instanceof StoreUnavailableError)) throw err;
        outcome = null;
      }
      if (outcome) tooFastFromAddress(reply, outcome.address);
      if (weakness) refuse(refusal('weak_client_id', `The clientId ${weakness}.`));
      if (outcome?.client && outcome.client.count > config.joinsPerMinutePerClient) {
        metrics.joinsRefused.inc({ reason: 'client_rate' });
        refuse(
          refusal('rate_limited', 'This device is joining too often. Keep your ticket and wait.', { retryAfterSec: Math.ceil(outcome.client.ttlMs / 1000) }),
        );
      }
      if (gate === 'closed') {
        metrics.joinsRefused.inc({ reason: 'gate_closed' });
        refuse(GATE_CLOSED);
      }
      const { number, reused } = outcome!.ticket!;
      if (reused) metrics.joinTally.reused++;
      else metrics.joinTally.fresh++;
      const now = clock.now();
      const ticket = tokens.sign('ticket', { ticketNumber: number, issuedAt: now }, now + config.ticketTtlSec * 1000);
      const view = waitingRoom.view(number);
      // Written out, not spread: V8 builds `{ ...view, key }` on a slow path (about 2 µs a reply).
      return { ticket, number, position: view.position, eta: view.eta, pollAfterMs: view.pollAfterMs, gate, stateUrl: QUEUE_STATE_PATH };
    },
  );

  const waiting = (number: number): StatusReply => {
    const view = waitingRoom.view(number);
    return {
      state: 'waiting',
      number,
      position: view.position,
      eta: view.eta,
      pollAfterMs: view.pollAfterMs,
      gate: app.controls.current.gate,
      stateUrl: QUEUE_STATE_PATH,
    };
  };

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
    // Not async: a waiting ticket (nearly every poll) is answered without a promise and its
    // microtask; only an admitted one waits for the store.
    (request): StatusReply | Promise<StatusReply> => {
      const number = claimsOf(request, 'ticket').ticketNumber;
      if (!waitingRoom.isAdmitted(number)) {
        waitingRoom.noteLive(number);
        return waiting(number);
      }
      return claimTurn(number);
    },
  );

  const claimTurn = async (number: number): Promise<StatusReply> => {
    const claim = await waitingRoom.claim(number);
    if (claim.state === 'active') {
      const accessToken = tokens.sign('access', { ticketNumber: number }, claim.expiresAt);
      return { state: 'admitted', accessToken, expiresAt: claim.expiresAt };
    }
    if (claim.state === 'waiting') return waiting(number);
    return {
      state: 'expired',
      message: 'Your turn came and went, or your session ended. Join the queue again to get a new place.',
    };
  };
}

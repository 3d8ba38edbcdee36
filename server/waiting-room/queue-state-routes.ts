import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { HeartbeatReply, inHeartbeatSample, QueueStateReply } from '../../protocol';
import { claimsOf } from '../http/authenticate';
import { responses } from '../http/responses';
import { matchesEtag, QueueStateCache, type QueueFacts } from './queue-state';

/** Where a waiting client follows the queue (the join and status replies name it). */
export const QUEUE_STATE_PATH = '/api/v1/queue/state';

/** The state's `max-age` (at most a second: a head older than that makes the front of the queue wait). */
const MAX_AGE_SEC = 1;
/** A cache may serve a stale state this long while it fetches a fresh one (the client's estimate counts its age off). */
const STALE_WHILE_REVALIDATE_SEC = 2;
export const QUEUE_STATE_CACHE_CONTROL = `public, max-age=${MAX_AGE_SEC}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_SEC}`;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** `GET /queue/state` (public, cacheable) and `POST /queue/heartbeat` (the sampled tickets' liveness). */
export async function queueStateRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, waitingRoom, controls, clock } = app;
  const heartbeat = { sampleEvery: config.heartbeatSampleEvery, intervalSec: config.heartbeatSec };

  const facts = (): QueueFacts => {
    const observed = waitingRoom.observedRatePerSec();
    return {
      head: waitingRoom.head,
      tail: waitingRoom.tail,
      gate: controls.current.gate,
      admissionRatePerSec: controls.current.admissionRatePerSec,
      observedRatePerSec: observed === null ? null : round1(observed),
      claimWindowSec: config.claimWindowSec,
      updatedAt: waitingRoom.headUpdatedAt,
      refreshAfterMs: MAX_AGE_SEC * 1000,
      heartbeat,
    };
  };
  // The notice board's list as this node last read it (at most a second old): no store call per request.
  const source = { facts, head: () => waitingRoom.head, gate: () => controls.current.gate };
  const state = new QueueStateCache(
    source,
    () => app.notices.latest,
    () => clock.now(),
  );

  // Untyped replies: the body is a string built beforehand, the 304 has none.
  fastify.get(
    '/queue/state',
    {
      schema: {
        summary: 'The public queue state: the same for every citizen, cacheable for a second (ETag, 304)',
        description:
          'A waiting client computes its position (`number - head`) and ETA range from this and its own ticket number ' +
          '(protocol/queue-estimate.ts), fetches it again after the delay that gives, and calls `GET /queue/status` only once `number <= head`.',
        headers: Type.Object({ 'if-none-match': Type.Optional(Type.String()) }),
        response: { ...responses({ 200: QueueStateReply }), 304: Type.Null({ description: 'Not modified: the state named by If-None-Match is current' }) },
      },
      // Cached bytes, sent as they are.
      serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
    },
    (request, reply) => {
      const built = state.current();
      reply.header('cache-control', QUEUE_STATE_CACHE_CONTROL).header('etag', built.etag);
      if (matchesEtag(request.headers['if-none-match'], built.etag)) return void reply.code(304).send();
      void reply.type('application/json; charset=utf-8').send(built.body);
    },
  );

  app.post(
    '/queue/heartbeat',
    {
      schema: {
        summary: 'A sampled waiting ticket is still there (one in `heartbeat.sampleEvery` by number; others are not counted)',
        security: [{ ticket: [] }],
        response: responses({ 200: HeartbeatReply }, ['invalid_ticket', 'ticket_expired']),
      },
      onRequest: app.authenticate('ticket'),
    },
    async (request): Promise<HeartbeatReply> => {
      const number = claimsOf(request, 'ticket').ticketNumber;
      const counted = inHeartbeatSample(number, heartbeat.sampleEvery) && !waitingRoom.isAdmitted(number);
      if (counted) waitingRoom.noteHeartbeat(number);
      return { counted, heartbeatAfterMs: heartbeat.intervalSec * 1000 };
    },
  );
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { refusal, type Refusal } from '../../protocol';
import { UNMATCHED_ROUTE } from '../metrics/http-latency';
import { StoreUnavailableError } from '../store';
import { HTTP_STATUS } from './error-status';
import { OncePer } from './once-per';
import { RefusalError } from './refusal-error';
import { frameError, routeOf } from './route-frame';

/** Answers a refusal as `{ error, message, ...details }` with the code's status. */
export function sendRefusal(reply: FastifyReply, answer: Refusal): FastifyReply {
  if (answer.retryAfterSec !== undefined) reply.header('retry-after', String(answer.retryAfterSec));
  return reply.code(HTTP_STATUS[answer.code]).send({ error: answer.code, message: answer.message, ...answer.details });
}

const STORE_UNAVAILABLE = refusal('store_unavailable', 'The service is briefly unavailable; your place is kept. Try again in a few seconds.', {
  retryAfterSec: 2,
});
const INTERNAL = refusal('internal', 'Something went wrong on our side; it has been logged.');

/** How often a node writes "store unavailable" while the store is gone (every request fails then). */
export const STORE_WARNING_EVERY_MS = 10_000;

/** Every failure leaves as `{ error, message }` with a fitting status; stacks stay in the log. */
export const errorHandler = fp(async (app: FastifyInstance) => {
  const storeWarning = new OncePer(STORE_WARNING_EVERY_MS, () => app.clock.now());
  app.setErrorHandler((err: FastifyError | RefusalError | StoreUnavailableError, request, reply) => {
    frameError(request, reply, routeOf(request), () => void answerError(err, request, reply, storeWarning));
  });
  app.setNotFoundHandler((request, reply) => {
    frameError(request, reply, UNMATCHED_ROUTE, () => void sendRefusal(reply, refusal('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)));
  });
});

function answerError(
  err: FastifyError | RefusalError | StoreUnavailableError,
  request: FastifyRequest,
  reply: FastifyReply,
  storeWarning: OncePer,
): FastifyReply {
  if (err instanceof RefusalError) {
    request.log.info({ code: err.refusal.code }, err.message);
    return sendRefusal(reply, err.refusal);
  }
  if (err instanceof StoreUnavailableError) {
    // One line per interval: during an outage every request lands here, and a line each would flood the log.
    const unwritten = storeWarning.take();
    if (unwritten !== null) request.log.warn({ err: err.cause, refusedSinceLastLine: unwritten }, 'store unavailable');
    return sendRefusal(reply, STORE_UNAVAILABLE);
  }
  const fe = err;
  if (fe.validation) {
    request.log.info({ validation: fe.validation }, 'bad request');
    return sendRefusal(reply, refusal('bad_request', fe.message));
  }
  if (fe.statusCode === 429) {
    return sendRefusal(reply, refusal('rate_limited', fe.message || 'Too many requests; slow down.'));
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    request.log.info({ code: fe.code }, fe.message);
    const code =
      fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large' : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
    return reply.code(fe.statusCode).send({ error: code, message: fe.message });
  }
  request.log.error({ err }, 'unhandled error');
  return sendRefusal(reply, INTERNAL);
}

/**
 * Fastify's own refusals before any route runs (a malformed URL, a path parameter over its
 * length limit) skip the error handler; they leave in the same `{ error, message }` shape.
 */
export function answerFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  frameError(request, reply, UNMATCHED_ROUTE, () => void reply.code(status).send({ error: 'bad_request', message: err.message }));
}

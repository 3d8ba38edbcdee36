import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { StoreUnavailableError } from '../store';
import { HttpError } from './http-error';

/** Every failure leaves as `{ error, message }` with a fitting status; stacks stay in the log. */
export const errorHandler = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError | HttpError | StoreUnavailableError, request, reply) => {
    if (err instanceof HttpError) {
      request.log.info({ code: err.code, status: err.statusCode }, err.message);
      return reply.code(err.statusCode).headers(err.headers).send({ error: err.code, message: err.message, ...err.extra });
    }
    if (err instanceof StoreUnavailableError) {
      request.log.warn({ err: err.cause }, 'store unavailable');
      return reply.code(503).header('retry-after', '2').send({ error: 'store_unavailable', message: 'The service is briefly unavailable; your place is kept. Try again in a few seconds.' });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      request.log.info({ validation: fe.validation }, 'bad request');
      return reply.code(400).send({ error: 'bad_request', message: fe.message });
    }
    if (fe.statusCode === 429) {
      return reply.code(429).send({ error: 'rate_limited', message: fe.message || 'Too many requests; slow down.' });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      request.log.info({ code: fe.code }, fe.message);
      const code = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large' : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
      return reply.code(fe.statusCode).send({ error: code, message: fe.message });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side; it has been logged.' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
  });
});

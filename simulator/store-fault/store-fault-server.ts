import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import type { StoreFaultProxy } from './store-fault-proxy';

/** The longest cut one request may ask for (a drill's store_blip lasts seconds). */
export const MAX_CUT_SEC = 600;

const CutBody = Type.Object({ seconds: Type.Number({ exclusiveMinimum: 0, maximum: MAX_CUT_SEC }) }, { additionalProperties: false });

export interface StoreFaultServerOptions {
  port?: number;
  host?: string;
  /** Told of every refused request, in one line (`npm start` prints it). */
  log?: (line: string) => void;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The store fault proxy's control, on loopback, for the drill runner: `GET /store` (`{cutUntil}`),
 * `POST /store/cut {seconds}` (answered once the store is reachable again), `DELETE /store/cut`
 * (heal now). Every request carries `Authorization: Bearer <SLUICE_SIMULATOR_KEY>`.
 */
export async function startStoreFaultServer(
  proxy: StoreFaultProxy,
  key: string,
  options: StoreFaultServerOptions = {},
): Promise<{ url: string; app: FastifyInstance }> {
  const { port = 0, host = '127.0.0.1', log = () => undefined } = options;
  // Unknown fields and strings for numbers are refused, not dropped or converted.
  const app = Fastify({ logger: false, bodyLimit: 1024, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
  const expected = digest(`Bearer ${key}`);
  app.addHook('onRequest', async (request, reply) => {
    // Compared as digests: same length, constant time.
    if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      log(`store fault control: ${request.method} ${request.url} refused without the drill runner key`);
      return reply.code(401).send({ code: 'unauthorized', message: 'The drill runner key (Authorization: Bearer <SLUICE_SIMULATOR_KEY>) is needed.' });
    }
  });
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    log(`store fault control: ${status} ${err.message}`);
    return reply
      .code(status)
      .send(status === 500 ? { code: 'internal', message: 'store fault control failure' } : { code: 'bad_request', message: err.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }));

  app.get('/store', async () => ({ cutUntil: proxy.cutUntil }));
  app.post<{ Body: Static<typeof CutBody> }>('/store/cut', { schema: { body: CutBody } }, async (request) => {
    const from = Date.now();
    await proxy.cut(request.body.seconds);
    return { cutSec: Math.round((Date.now() - from) / 100) / 10, healedAt: Date.now() };
  });
  app.delete('/store/cut', async () => {
    proxy.heal();
    return { cutUntil: proxy.cutUntil };
  });

  await app.listen({ port, host });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host}:${bound}`, app };
}

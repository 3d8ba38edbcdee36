import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:console` writes the console bundle. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../dist/console', import.meta.url));

export interface ConsoleStaticOptions {
  /** The built console; dist/console unless a test says otherwise. */
  root?: string;
}

/**
 * Serves the built console to a plain browser at /console/. When the bundle is not built, every
 * /console/ path answers 503 saying how to build it, instead of a bare 404.
 */
export async function consoleStatic(app: FastifyInstance, options: ConsoleStaticOptions = {}): Promise<void> {
  const root = options.root ?? CONSOLE_DIST;
  if (existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/console/',
      index: 'index.html',
      decorateReply: false,
      cacheControl: false,
      schemaHide: true,
      setHeaders(reply, path) {
        // Hashed assets never change; index.html must always be fetched fresh.
        reply.header('cache-control', path.includes(join('console', 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/console', { schema: { hide: true } }, async (request, reply) => {
      const query = request.url.indexOf('?');
      return reply.redirect(`/console/${query >= 0 ? request.url.slice(query) : ''}`);
    });
    return;
  }
  const notBuilt = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(503).send({
      error: 'console_not_built',
      message: 'The console is not built. Run `npm run build:console` (or `npm test`, which builds it first), then restart the server.',
    });
  app.get('/console', { schema: { hide: true } }, notBuilt);
  app.get('/console/*', { schema: { hide: true } }, notBuilt);
}

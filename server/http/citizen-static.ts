import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:citizen` writes the citizen pages. */
export const CITIZEN_DIST = fileURLToPath(new URL('../../dist/citizen', import.meta.url));

export interface CitizenStaticOptions {
  /** The built pages; dist/citizen unless a test says otherwise. */
  root?: string;
}

/**
 * Serves the citizen pages at `/`: index.html always revalidated (`no-cache`), the hashed assets
 * cached for a year by browsers and proxies alike (`public, immutable`), so millions of loads cost
 * the origin one small HTML answer each, or nothing behind a cache. Only the built files get
 * routes (no catch-all): every other path still reaches the API's own 404.
 */
export async function citizenStatic(app: FastifyInstance, options: CitizenStaticOptions = {}): Promise<void> {
  const root = options.root ?? CITIZEN_DIST;
  if (existsSync(join(root, 'index.html'))) {
    const assets = `${sep}assets${sep}`;
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: 'index.html',
      wildcard: false,
      decorateReply: false,
      cacheControl: false,
      schemaHide: true,
      setHeaders(reply, path) {
        reply.header('cache-control', path.startsWith(root) && path.slice(root.length).startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    return;
  }
  const notBuilt = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(503).send({
      error: 'citizen_not_built',
      message: 'The citizen pages are not built. Run `npm run build:citizen` (or `npm test`, which builds them first), then restart the server.',
    });
  app.get('/', { schema: { hide: true } }, notBuilt);
}

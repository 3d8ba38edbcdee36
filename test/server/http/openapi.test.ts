import { compileErrors, validate } from '@readme/openapi-parser';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../protocol';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { HTTP_STATUS } from '../../../server/http/error-status';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>>;
}

describe('the OpenAPI document', () => {
  let app: FastifyInstance;
  const routes: RouteOptions[] = [];
  let doc: OpenApiDocument;

  beforeAll(async () => {
    app = await buildApp(testConfig(), { onRoute: (route) => routes.push(route) });
    await app.ready();
    const answer = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(answer.statusCode).toBe(200);
    doc = answer.json();
  });
  afterAll(() => app.close());

  it('is a valid OpenAPI 3.1 document by a real parser', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('lists every registered route that is not hidden, with its method', () => {
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)));
    const registered = routes
      .filter((route) => !route.schema?.hide)
      .flatMap((route) =>
        [route.method]
          .flat()
          .filter((m) => m !== 'HEAD')
          .map((m) => `${m} ${route.url.replace(/:(\w+)/g, '{$1}')}`),
      );
    expect(registered.length).toBeGreaterThanOrEqual(13);
    expect([...documented].sort()).toEqual([...new Set(registered)].sort());
  });

  it('hides only the console bundle, the citizen pages, the document itself and its browser', () => {
    const hidden = routes.filter((route) => route.schema?.hide).map((route) => route.url);
    for (const url of hidden) expect(url).toMatch(/^\/(console|docs|api\/v1\/openapi\.json|assets\/|index\.html$|$)/);
  });

  it('registers the public API under /api/v1 once: every API path has the prefix', () => {
    const api = Object.keys(doc.paths).filter((path) => !['/healthz', '/readyz', '/metrics'].includes(path));
    expect(api.length).toBeGreaterThan(0);
    for (const path of api) expect(path.startsWith('/api/v1/')).toBe(true);
  });

  it('documents each refusal a route may answer under its status', () => {
    const join = doc.paths['/api/v1/queue/join']!.post!.responses;
    expect(join['503']!.description).toContain('gate_closed');
    expect(join['429']!.description).toContain('rate_limited');
    const verify = doc.paths['/api/v1/identity/verify']!.post!.responses;
    expect(Object.keys(verify).sort()).toEqual(['200', '400', '401', '403', '422', '429', '500', '502', '503', '504']);
  });

  it('places every error code of the closed list at a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it('is browsable at /docs', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

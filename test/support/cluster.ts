import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../server/app';
import { testConfig, type Config } from '../../server/config';

/**
 * Several server nodes sharing one store: the same Redis key prefix (a real multi-node
 * deployment in one process) or one memory store object.
 */
export async function startNodes(count: number, overrides: Partial<Config> = {}, deps: AppDeps = {}): Promise<FastifyInstance[]> {
  const shared = {
    keyPrefix: `t${randomBytes(4).toString('hex')}`,
    secret: randomBytes(32).toString('base64url'),
    ...overrides,
  };
  const nodes: FastifyInstance[] = [];
  for (let i = 0; i < count; i++) {
    const app = await buildApp(testConfig({ ...shared, nodeId: `node-${i}` }), deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    nodes.push(app);
  }
  return nodes;
}

export function baseUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

export async function stopNodes(nodes: FastifyInstance[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.close()));
}

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../protocol';

export interface DemoOperator {
  username: string;
  role: Role;
  password: string;
}

const DEMO_ROLES: Role[] = ['viewer', 'commander', 'trainer', 'admin'];

/**
 * Training mode: one account per role, named after the role, with SLUICE_DEMO_PASSWORD or a
 * random password. Returns the accounts it created so the start script can print them once;
 * null in live mode or when they all exist already (their passwords are not known any more).
 */
export async function seedDemoOperators(app: FastifyInstance): Promise<DemoOperator[] | null> {
  if (app.config.mode !== 'training') return null;
  const password = app.config.demoPassword ?? randomBytes(9).toString('base64url');
  const created: DemoOperator[] = [];
  for (const role of DEMO_ROLES) {
    if (await app.operators.add(role, role, password, { demo: true })) created.push({ username: role, role, password });
  }
  return created.length > 0 ? created : null;
}

import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CITIZEN_DIST, citizenStatic } from '../../../server/http/citizen-static';

describe('citizen pages static files', () => {
  it('answers 503 at / naming the build command when the pages are not built, and leaves other paths alone', async () => {
    const app = Fastify();
    await app.register(citizenStatic, { root: join(CITIZEN_DIST, 'does-not-exist') });
    const res = await app.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'citizen_not_built' });
    expect(res.json().message).toContain('npm run build:citizen');
    expect((await app.inject('/api/v1/anything')).statusCode).toBe(404);
    await app.close();
  });
});

import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { sameKey } from '../../../server/drills/service-token-routes';
import { OperatorRejected } from '../../../server/operators/operator-directory';
import { baseUrl } from '../../support/cluster';
import { SIMULATOR_KEY, serviceToken } from '../../support/runner-client';
import { operatorToken } from '../console/console-client';

const consoleConfig = { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0, loginsPerMinutePerIp: 5 };

async function post(app: FastifyInstance, key: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl(app)}/api/v1/service/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Connects to a namespace with a token; resolves 'connected' or the connect_error's message. */
function tryConnect(app: FastifyInstance, namespace: string, token: string): Promise<string> {
  const socket = io(`${baseUrl(app)}${namespace}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

describe('the drill runner service token', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(testConfig({ console: consoleConfig, simulatorKey: SIMULATOR_KEY }));
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('gives a simulator token for the right key and refuses a wrong one as invalid_credentials', async () => {
    const good = await post(app, SIMULATOR_KEY);
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ role: 'simulator', token: expect.any(String), expiresAt: expect.any(Number) });
    const bad = await post(app, `${SIMULATOR_KEY}x`);
    expect(bad).toEqual({ status: 401, body: { error: 'invalid_credentials', message: 'That is not the simulator key.' } });
    expect((await post(app, 'short')).status).toBe(400);
  });

  it('compares keys without regard to where they differ', () => {
    expect(sameKey(SIMULATOR_KEY, SIMULATOR_KEY)).toBe(true);
    expect(sameKey('a'.repeat(20), 'b'.repeat(20))).toBe(false);
    expect(sameKey('a'.repeat(20), 'a'.repeat(21))).toBe(false);
  });

  it('lets the token open /runner and read the audit log and alerts, and nothing an operator does', async () => {
    const token = await serviceToken(baseUrl(app));
    const auth = { authorization: `Bearer ${token}` };
    expect(await tryConnect(app, '/runner', token)).toBe('connected');
    // No console: so no controls, no acks, no notes, no drills.
    expect(await tryConnect(app, '/console', token)).toBe('invalid_token');
    expect((await fetch(`${baseUrl(app)}/api/v1/console/audit`, { headers: auth })).status).toBe(200);
    const alerts = await fetch(`${baseUrl(app)}/api/v1/console/alerts`, { headers: auth });
    expect(alerts.status).toBe(200);
    expect(await alerts.json()).toEqual({ alerts: [] });
    // Reports and scenarios are for operators.
    expect((await fetch(`${baseUrl(app)}/api/v1/drills/reports`, { headers: auth })).status).toBe(401);
    // And an operator's token is no runner's.
    const operator = await operatorToken(app, 'coach', 'trainer');
    expect(await tryConnect(app, '/runner', operator)).toBe('invalid_token');
    const asOperator = await fetch(`${baseUrl(app)}/api/v1/drills/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(asOperator.status).toBe(401);
  });

  it('is no operator role: nobody can be added as simulator', async () => {
    await expect(app.operators.add('robot', 'simulator', 'a long enough password')).rejects.toBeInstanceOf(OperatorRejected);
  });

  it('slows wrong keys per address like logins', async () => {
    const limited = await buildApp(testConfig({ console: consoleConfig, simulatorKey: SIMULATOR_KEY }));
    await limited.listen({ port: 0, host: '127.0.0.1' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await post(limited, 'wrong-key-0123456789')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('refuses every key when the server has none', async () => {
    const keyless = await buildApp(testConfig({ console: consoleConfig }));
    await keyless.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await post(keyless, SIMULATOR_KEY)).body).toMatchObject({ error: 'invalid_credentials' });
    } finally {
      await keyless.close();
    }
  });
});

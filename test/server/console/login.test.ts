import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { ManualClock } from '../../../server/clock';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { request } from 'node:http';
import { connectConsole, login, operatorToken, PASSWORD } from './console-client';

/** A login over a real connection from a chosen loopback source address (Linux routes all of 127/8 to lo). */
function loginFrom(app: FastifyInstance, localAddress: string, username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, localAddress, method: 'POST', path: '/api/v1/console/login', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ username, password }));
  });
}

describe('operator login and the /console handshake', () => {
  const clock = new ManualClock();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(testConfig({ console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0, loginsPerMinutePerAccount: 4 } }), { clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await app.operators.add('kim', 'commander', PASSWORD);
  });
  afterAll(() => app.close());

  it('issues a signed operator token with the role and an expiry one shift ahead', async () => {
    const res = await login(app, 'kim');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; role: string; expiresAt: number };
    expect(body.role).toBe('commander');
    expect(body.expiresAt).toBe(clock.now() + 8 * 3600 * 1000);
    expect(app.tokens.verify('operator', body.token)).toMatchObject({ ok: true, claims: { operator: 'kim', role: 'commander' } });
    const audit = await app.auditLog.since(0, 100);
    expect(audit.some((e) => e.kind === 'login' && e.actor === 'kim')).toBe(true);
  });

  it('answers a wrong password and an unknown user with the same 401 invalid_credentials', async () => {
    const wrong = await login(app, 'kim', 'not the password');
    const unknown = await login(app, 'nobody-here', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.json();
    const b = await unknown.json();
    expect(a).toEqual({ error: 'invalid_credentials', message: expect.any(String) });
    expect(b).toEqual(a);
  });

  it('refuses malformed login bodies with 400 and no stack trace', async () => {
    const url = `${app.server.address() && `http://127.0.0.1:${(app.server.address() as { port: number }).port}`}/api/v1/console/login`;
    const bodies = [
      '{}',
      '{"username":"kim"}',
      '{"username":null,"password":{}}',
      '[]',
      'not json',
      `{"username":"${'x'.repeat(100)}","password":"p"}`,
      '{"username":"kim","password":"x","extra":1}',
    ];
    for (const body of bodies) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
      const json = (await res.json()) as Record<string, unknown>;
      expect(json.error).toBe('bad_request');
      expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('slows brute force: the account is rate limited after a few attempts', async () => {
    await app.operators.add('target', 'viewer', PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(app, 'target', `guess-${i}`)).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    const res = await login(app, 'target');
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('a stranger guessing a password locks out only their own address: the operator logs in from another one', async () => {
    await app.operators.add('commander', 'commander', PASSWORD);
    const strangerAt = '127.0.0.3';
    const operatorAt = '127.0.0.4';
    const guesses: number[] = [];
    for (let i = 0; i < 12; i++) guesses.push((await loginFrom(app, strangerAt, 'commander', `guess-${i}`)).status);
    expect(guesses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429, 429]);
    // The right password from the stranger's address is slowed down too...
    expect(await loginFrom(app, strangerAt, 'commander', PASSWORD)).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    // ...while the operator, at their own desk, is not locked out.
    const operator = await loginFrom(app, operatorAt, 'commander', PASSWORD);
    expect(operator.status).toBe(200);
    expect(operator.body.role).toBe('commander');
  });

  it('refuses a console connection without a token, with a forged one, or with an expired one', async () => {
    await expect(connectConsole(app, undefined)).rejects.toThrow('invalid_token');
    await expect(connectConsole(app, 'eyJhbGciOiJIUzI1NiJ9.e30.forged')).rejects.toThrow('invalid_token');
    await expect(connectConsole(app, { nested: 'object' })).rejects.toThrow('invalid_token');
    const ticket = app.tokens.sign('ticket', { ticketNumber: 1, issuedAt: clock.now() }, clock.now() + 60_000);
    await expect(connectConsole(app, ticket)).rejects.toThrow('invalid_token');
    const token = await operatorToken(app, 'shift-one', 'viewer');
    const ok = await connectConsole(app, token);
    ok.close();
    clock.advance(8 * 3600 * 1000 + 1);
    await expect(connectConsole(app, token)).rejects.toThrow('token_expired');
    const res = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/console/audit`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'token_expired' });
  });
});

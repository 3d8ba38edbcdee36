import { createSigner } from 'fast-jwt';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { ManualClock } from '../../../server/clock';
import { testConfig } from '../../../server/config';
import { audienceOf, deriveKey, issuerOf, Tokens, type TokenScope } from '../../../server/tokens/tokens';
import { baseUrl } from '../../support/cluster';

const SECRET = 'pG7q2Vd0xRk9LwZs4nYb1Tf8Hc3Mj6Ue5Ao0Ki2Nl7Qr9Sv4Wx1Yz8Bd3Ce6Fg5Hi';
const LIVE: TokenScope = { secret: SECRET, deployment: 'sluice', mode: 'live', epoch: 'epoch-one' };
const clock = new ManualClock();
const HOUR = 3600_000;
const operatorClaims = { operator: 'kim', role: 'commander' as const, version: 0 };

/** A token made by hand, as an attacker who knows one key would: everything else right. */
function forge(key: string | Buffer, kind: string, payload: Record<string, unknown>, scope: TokenScope = LIVE): string {
  const sign = createSigner({ key, algorithm: 'HS256', noTimestamp: true, iss: issuerOf(scope), aud: audienceOf(kind as 'operator') });
  return sign({ kind, epoch: scope.epoch, mode: scope.mode, expiresAt: clock.now() + HOUR, ...payload });
}

describe('tokens are bound to their deployment, mode, store epoch, purpose and key', () => {
  const live = new Tokens(LIVE, clock);

  it('accepts its own tokens (so each refusal below is the binding at work)', () => {
    expect(live.verify('operator', live.sign('operator', operatorClaims, clock.now() + HOUR))).toMatchObject({ ok: true, claims: operatorClaims });
    expect(live.verify('operator', forge(deriveKey(SECRET, 'operator'), 'operator', operatorClaims))).toMatchObject({ ok: true });
    expect(live.verify('ticket', forge(deriveKey(SECRET, 'citizen'), 'ticket', { ticketNumber: 7, issuedAt: 1 }))).toMatchObject({ ok: true });
  });

  it('refuses a training node’s token on a live node with the same secret, deployment and store', () => {
    const training = new Tokens({ ...LIVE, mode: 'training' }, clock);
    expect(live.verify('operator', training.sign('operator', operatorClaims, clock.now() + HOUR))).toEqual({ ok: false, reason: 'invalid' });
    expect(live.verify('ticket', training.sign('ticket', { ticketNumber: 1, issuedAt: 1 }, clock.now() + HOUR))).toEqual({ ok: false, reason: 'invalid' });
    // Issued by the live deployment's issuer but saying mode training: refused on the claim alone.
    expect(live.verify('operator', forge(deriveKey(SECRET, 'operator'), 'operator', { ...operatorClaims, mode: 'training' }))).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a token of another deployment or another store epoch', () => {
    const elsewhere = new Tokens({ ...LIVE, deployment: 'busan' }, clock);
    const wiped = new Tokens({ ...LIVE, epoch: 'epoch-two' }, clock);
    for (const other of [elsewhere, wiped]) {
      expect(live.verify('operator', other.sign('operator', operatorClaims, clock.now() + HOUR))).toEqual({ ok: false, reason: 'invalid' });
      expect(live.verify('identity', other.sign('identity', { ticketNumber: 1, birthDate: '1940-01-01', personId: 'p' }, clock.now() + HOUR))).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('signs operator and citizen tokens with separate keys derived from the secret: neither key, nor the secret itself, makes the other kind', () => {
    expect(deriveKey(SECRET, 'operator').equals(deriveKey(SECRET, 'citizen'))).toBe(false);
    expect(live.verify('operator', forge(deriveKey(SECRET, 'citizen'), 'operator', operatorClaims))).toEqual({ ok: false, reason: 'invalid' });
    expect(live.verify('operator', forge(SECRET, 'operator', operatorClaims))).toEqual({ ok: false, reason: 'invalid' });
    expect(live.verify('access', forge(deriveKey(SECRET, 'operator'), 'access', { ticketNumber: 3 }))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a token whose audience is another purpose, even with the right key and kind', () => {
    const sign = createSigner({ key: deriveKey(SECRET, 'citizen'), algorithm: 'HS256', noTimestamp: true, iss: issuerOf(LIVE), aud: audienceOf('access') });
    const token = sign({ ticketNumber: 1, issuedAt: 1, kind: 'ticket', epoch: LIVE.epoch, mode: LIVE.mode, expiresAt: clock.now() + HOUR });
    expect(live.verify('ticket', token)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('the store epoch', () => {
  let apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((a) => a.close()));
    apps = [];
  });

  async function join(app: FastifyInstance): Promise<{ ticket: string; number: number }> {
    const res = await fetch(`${baseUrl(app)}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return (await res.json()) as { ticket: string; number: number };
  }
  const status = (app: FastifyInstance, ticket: string) =>
    fetch(`${baseUrl(app)}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));

  it('a memory-store restart makes old tickets invalid instead of sharing a place with the new holder of the same number', async () => {
    const config = testConfig({ secret: SECRET });
    const before = await buildApp(config);
    await before.listen({ port: 0, host: '127.0.0.1' });
    const old = await join(before);
    await before.close();

    const after = await buildApp(config);
    apps.push(after);
    await after.listen({ port: 0, host: '127.0.0.1' });
    const fresh = await join(after);
    expect(fresh.number).toBe(old.number);
    expect(await status(after, fresh.ticket)).toMatchObject({ status: 200, body: { state: 'waiting', number: fresh.number } });
    expect(await status(after, old.ticket)).toEqual({ status: 401, body: { error: 'invalid_ticket', message: expect.any(String) } });
  });
});

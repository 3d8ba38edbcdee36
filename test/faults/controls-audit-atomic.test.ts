import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, Controls } from '../../protocol';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../server/console/console-config';
import { connectConsole, emitAck, operatorToken, type ConsoleClient } from '../server/console/console-client';
import { RedisServer } from '../support/redis-server';
import { TcpProxy } from '../support/tcp-proxy';

/** The controls and the audit entries as Redis holds them, read past the proxy. */
async function written(direct: Redis, prefix: string, reason: string): Promise<{ gate: Controls['gate']; entries: AuditEntry[] }> {
  const json = await direct.hget(`{${prefix}}:controls`, 'json');
  const rows = (await direct.xrange(`{${prefix}}:audit`, '-', '+')) as [string, string[]][];
  const entries = rows.map(([id, fields]) => ({ ...(JSON.parse(fields[1]!) as AuditEntry), id })).filter((e) => e.reason === reason);
  return { gate: json ? (JSON.parse(json) as Controls).gate : 'open', entries };
}

describe('a controls change and its audit entry, when the Redis connection is cut mid-command', () => {
  let redis: RedisServer;
  let direct: Redis;
  let proxy: TcpProxy;
  let app: FastifyInstance;
  let commander: ConsoleClient;
  let prefix: string;

  beforeAll(async () => {
    redis = await new RedisServer().start();
    direct = new Redis(redis.url);
  });
  afterAll(async () => {
    direct.disconnect();
    await redis.stop();
  });
  beforeEach(async () => {
    proxy = await new TcpProxy(redis.port).start();
    prefix = `t${randomBytes(4).toString('hex')}`;
    app = await buildApp(testConfig({ redisUrl: proxy.url, keyPrefix: prefix, console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    commander = await connectConsole(app, await operatorToken(app, 'chief', 'commander'));
  });
  afterEach(async () => {
    commander.close();
    await app.close();
    await proxy.close();
  });

  it('writes neither when the command never reaches Redis, and the ack says it was not applied', async () => {
    const reason = `cut before ${randomBytes(4).toString('hex')}`;
    const cut = proxy.cutWhen(reason, 'before');
    const ack = await emitAck(commander, 'controls:update', { patch: { gate: 'closed' }, reason });
    await cut;
    expect(ack).toMatchObject({ ok: false, error: 'store_unavailable' });
    expect(ack.ok ? '' : ack.message).toMatch(/was not applied and nothing was recorded/);
    expect(await written(direct, prefix, reason)).toEqual({ gate: 'open', entries: [] });
    expect(app.controls.current.gate).toBe('open');
  });

  it('writes both when Redis ran the command but its reply was lost, and the ack says it was applied', async () => {
    const reason = `cut after ${randomBytes(4).toString('hex')}`;
    const cut = proxy.cutWhen(reason, 'after');
    const audit = new Promise<AuditEntry>((resolve) => commander.on('audit', (entry) => entry.reason === reason && resolve(entry)));
    const ack = await emitAck(commander, 'controls:update', { patch: { gate: 'closed' }, reason });
    await cut;
    expect(ack).toEqual({ ok: true });
    const stored = await written(direct, prefix, reason);
    expect(stored.gate).toBe('closed');
    expect(stored.entries).toHaveLength(1);
    expect(stored.entries[0]).toMatchObject({ kind: 'controls', actor: 'chief', before: { gate: 'open' }, after: { gate: 'closed' } });
    expect(await audit).toEqual(stored.entries[0]);
    expect(app.controls.current.gate).toBe('closed');
  });

  it('says it cannot tell while Redis stays out of reach, and the store then holds both', async () => {
    const reason = `cut and gone ${randomBytes(4).toString('hex')}`;
    const cut = proxy.cutWhen(reason, 'after');
    void cut.then(() => proxy.refuseNew());
    const ack = await emitAck(commander, 'controls:update', { patch: { gate: 'paused' }, reason });
    expect(ack).toMatchObject({ ok: false, error: 'store_unavailable' });
    expect(ack.ok ? '' : ack.message).toMatch(/may or may not have been applied/);
    const stored = await written(direct, prefix, reason);
    expect([stored.gate, stored.entries.length]).toEqual(['paused', 1]);
    proxy.heal();
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../protocol';
import { startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { connectConsole, emitAck, nextEvent, operatorToken, type ConsoleClient } from '../server/console/console-client';

describe('console across two nodes on one Redis', () => {
  let redis: RedisServer;
  let nodes: FastifyInstance[];
  let a: FastifyInstance;
  let b: FastifyInstance;
  const sockets: ConsoleClient[] = [];

  beforeAll(async () => {
    redis = await new RedisServer().start();
    nodes = await startNodes(2, { redisUrl: redis.url });
    [a, b] = nodes as [FastifyInstance, FastifyInstance];
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stopNodes(nodes);
    await redis.stop();
  });

  async function consoleOn(app: FastifyInstance, username: string, role: 'viewer' | 'commander'): Promise<ConsoleClient> {
    const socket = await connectConsole(app, await operatorToken(app, username, role));
    sockets.push(socket);
    return socket;
  }

  it('sends every console the same aggregated snapshot each second, whichever node it reached', async () => {
    const onA = await consoleOn(a, 'watcher-a', 'viewer');
    const onB = await consoleOn(b, 'watcher-b', 'viewer');
    const seenA = new Map<number, Snapshot>();
    const seenB = new Map<number, Snapshot>();
    onA.on('snapshot', (s) => seenA.set(s.at, s));
    onB.on('snapshot', (s) => seenB.set(s.at, s));
    await expect.poll(() => [...seenA.keys()].filter((at) => seenB.has(at)).length, { timeout: 6000, interval: 100 }).toBeGreaterThanOrEqual(3);
    const common = [...seenA.keys()].filter((at) => seenB.has(at)).sort();
    for (const at of common) expect(seenB.get(at)).toEqual(seenA.get(at));
    // one per second, no gaps between the common seconds
    for (let i = 1; i < common.length; i++) expect(common[i]! - common[i - 1]!).toBe(1000);
    const last = seenA.get(common.at(-1)!)!;
    expect(last.nodes.map((n) => n.id)).toEqual(['node-0', 'node-1']);
    expect(last.nodes.reduce((sum, n) => sum + n.sockets, 0)).toBe(2);
    expect(last.store).toMatchObject({ kind: 'redis', up: true });
  });

  it('applies a commander change made on node A on node B within a second, audited with before, after and reason', async () => {
    const commander = await consoleOn(a, 'chief', 'commander');
    const watcherB = await consoleOn(b, 'watcher-b2', 'viewer');
    const before = b.controls.current.admissionRatePerSec;
    const seenOnB = nextEvent(watcherB, 'controls', (e) => e.controls.admissionRatePerSec === 42);
    const auditOnB = nextEvent(watcherB, 'audit', (e) => e.kind === 'controls');
    const started = Date.now();
    expect(await emitAck(commander, 'controls:update', { patch: { admissionRatePerSec: 42 }, reason: 'provider phone degraded' })).toEqual({ ok: true });
    await expect.poll(() => b.controls.current.admissionRatePerSec, { timeout: 1000, interval: 20 }).toBe(42);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await seenOnB).controls.admissionRatePerSec).toBe(42);
    const entry = await auditOnB;
    expect(entry).toMatchObject({ actor: 'chief', role: 'commander', reason: 'provider phone degraded', drill: false });
    expect((entry.before as { admissionRatePerSec: number }).admissionRatePerSec).toBe(before);
    expect((entry.after as { admissionRatePerSec: number }).admissionRatePerSec).toBe(42);
    const stored = await b.auditLog.since(0, 100);
    expect(stored.find((e) => e.id === entry.id)).toEqual(entry);
  });

  it('refuses a viewer’s change, changes nothing, and audits the denied attempt', async () => {
    const viewer = await consoleOn(b, 'intern', 'viewer');
    const rate = a.controls.current.admissionRatePerSec;
    const ack = await emitAck(viewer, 'controls:update', { patch: { admissionRatePerSec: 1 }, reason: 'just curious' });
    expect(ack).toMatchObject({ ok: false, error: 'forbidden' });
    // A barrier instead of a fixed sleep: a commander's change made after the refusal reaches node A,
    // so anything the refused one had set in motion would have arrived before it.
    const commander = await consoleOn(b, 'chief-b', 'commander');
    const ttl = a.controls.current.sessionTtlSec + 1;
    expect(await emitAck(commander, 'controls:update', { patch: { sessionTtlSec: ttl }, reason: 'barrier after the refusal' })).toEqual({ ok: true });
    await expect.poll(() => a.controls.current.sessionTtlSec, { timeout: 2000, interval: 20 }).toBe(ttl);
    expect(a.controls.current.admissionRatePerSec).toBe(rate);
    expect((await a.store.controls.get()).controls.admissionRatePerSec).toBe(rate);
    const denied = (await a.auditLog.since(0, 100)).filter((e) => e.kind === 'controls_denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actor: 'intern', role: 'viewer', reason: 'just curious', after: { admissionRatePerSec: 1 } });
  });
});

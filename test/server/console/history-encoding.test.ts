import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { ManualClock } from '../../../server/clock';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { connectConsole, operatorToken, type ConsoleClient } from './console-client';

describe('the history sent to reconnecting consoles', () => {
  let app: FastifyInstance;
  const clients: ConsoleClient[] = [];
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    app = await buildApp(testConfig({ console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } }), { clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await app.consoleGateway.cycle.runOnce();
    }
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await app.close();
  });

  it('is encoded once per second however many consoles connect, one after another or together', async () => {
    const token = await operatorToken(app, 'watcher', 'viewer');
    const { history } = app.consoleGateway;
    const before = history.encodings;
    // One after another (each in its own tick and emit), then ten at once.
    for (let i = 0; i < 5; i++) {
      const client = await connectConsole(app, token);
      clients.push(client);
      expect((await client.history).snapshots).toHaveLength(5);
    }
    const together = await Promise.all(Array.from({ length: 10 }, () => connectConsole(app, token)));
    clients.push(...together);
    const received = await Promise.all(together.map((c) => c.history));
    expect(received.every((h) => h.snapshots.length === 5)).toBe(true);
    expect(history.encodings - before).toBe(1);

    // The next second's snapshot: the next console gets it, through one new encoding.
    clock.advance(1000);
    const next = await app.consoleGateway.cycle.runOnce();
    const late = await connectConsole(app, token);
    clients.push(late);
    expect((await late.history).snapshots).toHaveLength(6);
    expect((await late.history).snapshots.at(-1)).toEqual(next);
    expect(history.encodings - before).toBe(2);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, AuditEntry } from '../../../protocol';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { CommandBudget } from '../../../server/console/command-guard';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { createMemoryStore } from '../../../server/store/memory';
import type { Store } from '../../../server/store';
import { connectConsole, emitAck, operatorToken, type ConsoleClient } from './console-client';

const ATTEMPTS = 2000;

describe('a console command flood', () => {
  let app: FastifyInstance;
  let store: Store;
  let viewer: ConsoleClient;
  let commander: ConsoleClient;

  beforeAll(async () => {
    store = createMemoryStore();
    const console = { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0, denialSummaryMs: 500 };
    app = await buildApp(testConfig({ console }), { store });
    await app.listen({ port: 0, host: '127.0.0.1' });
    viewer = await connectConsole(app, await operatorToken(app, 'flooder', 'viewer'));
    commander = await connectConsole(app, await operatorToken(app, 'chief', 'commander'));
  });
  afterAll(async () => {
    viewer.close();
    commander.close();
    await app.close();
  });

  it('refuses beyond the budget and writes a handful of audit entries whose counts add up exactly', async () => {
    const summary = new Promise<AuditEntry>((resolve) => {
      const listener = (entry: AuditEntry) => {
        if (entry.actor === 'flooder' && entry.text?.includes('more denied')) {
          app.auditLog.off('entry', listener);
          resolve(entry);
        }
      };
      app.auditLog.on('entry', listener);
    });
    const acks: Ack[] = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) => emitAck(viewer, 'controls:update', { patch: { gate: 'closed' }, reason: `attempt ${i}` })),
    );
    const errors = acks.map((ack) => (ack.ok ? 'ok' : ack.error));
    const forbidden = errors.filter((e) => e === 'forbidden').length;
    const limited = errors.filter((e) => e === 'rate_limited').length;
    expect(forbidden + limited).toBe(ATTEMPTS);
    expect(forbidden).toBeGreaterThanOrEqual(DEFAULT_CONSOLE_CONFIG.commandBurst);
    expect(forbidden).toBeLessThan(100);
    expect(app.controls.current.gate).toBe('open');

    // A commander's own budget is untouched by the viewer's flood.
    expect(await emitAck(commander, 'incident:note', { text: 'the viewer is flooding' })).toEqual({ ok: true });

    await summary;
    await app.close(); // writes the last open summary
    const entries = (await store.audit.since(0, 10_000)).filter((e) => e.actor === 'flooder' && e.kind === 'controls_denied');
    expect(entries.length).toBeLessThanOrEqual(5);
    expect(entries[0]).toMatchObject({ reason: 'attempt 0', after: { gate: 'closed' } });
    const counted = entries.slice(1).map((e) => {
      const match = /^(\d+) more denied attempts in the last [\d.]+ s(?: \((\d+) of them refused for the rate limit\))?$/.exec(e.text ?? '');
      expect(match, e.text).not.toBeNull();
      return { more: Number(match![1]), limited: Number(match![2] ?? 0) };
    });
    expect(1 + counted.reduce((sum, c) => sum + c.more, 0)).toBe(ATTEMPTS);
    expect(counted.reduce((sum, c) => sum + c.limited, 0)).toBe(limited);
  });
});

describe('the command budget', () => {
  it('allows a burst, then one command per refill interval, per operator', () => {
    let now = 0;
    const budget = new CommandBudget(3, 5, () => now);
    expect([1, 2, 3, 4].map(() => budget.take('kim'))).toEqual([true, true, true, false]);
    expect(budget.take('lee')).toBe(true);
    now += 199;
    expect(budget.take('kim')).toBe(false);
    now += 1;
    expect(budget.take('kim')).toBe(true);
    expect(budget.take('kim')).toBe(false);
    now += 10_000;
    expect([1, 2, 3, 4].map(() => budget.take('kim'))).toEqual([true, true, true, false]);
  });
});

import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { ManualClock } from '../../../server/clock';
import { testConfig } from '../../../server/config';
import { createMemoryStore } from '../../../server/store/memory';
import { admitSession } from '../../support/sessions';
import { identityToken } from './fixtures';

const HOUR = 3600_000;
const DRILL_DAY = Date.UTC(2026, 10, 25, 1, 30, 0);

describe('event clock in training mode (shipped 2021 calendar and slots, memory store)', () => {
  const apps: FastifyInstance[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });

  async function start(clock: ManualClock, overrides: Parameters<typeof testConfig>[0] = {}, store = createMemoryStore()) {
    const app = await buildApp(testConfig({ mode: 'training', ...overrides }), { clock, store });
    apps.push(app);
    return app;
  }

  /** Through a real waiting-room session of the app's own store (booking spends it). */
  async function reserve(app: FastifyInstance, bd: string, pid: string) {
    const n = await admitSession(app);
    return app.inject({
      method: 'POST',
      url: '/api/v1/reservations',
      headers: { authorization: `Bearer ${identityToken(app, { n, bd, pid })}`, 'idempotency-key': `key-${pid}-0001` },
      payload: { slotId: 'c001-0826-pf' },
    });
  }

  it('opens the first cohort window at start-up on any day, and every node of the cluster agrees', async () => {
    const clock = new ManualClock(DRILL_DAY);
    const store = createMemoryStore();
    const first = await start(clock, {}, store);
    clock.advance(5 * 60_000);
    const second = await start(clock, {}, store);
    for (const app of [first, second]) {
      const event = app.booking.event();
      expect(event).toMatchObject({ open: true, calendar: 'shifted', window: { start: DRILL_DAY, end: DRILL_DAY + 22 * HOUR } });
      expect(event.eligible?.birthDayDigits).toEqual([9]);
      expect(event.next).toMatchObject({ start: DRILL_DAY + 24 * HOUR, birthDayDigits: [0] });
    }
    expect((await reserve(second, '1990-05-29', 'nine')).statusCode).toBe(201);
    const other = await reserve(first, '1990-05-30', 'zero');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ reason: 'not_your_window', next: { start: DRILL_DAY + 24 * HOUR } });
  });

  it('uses SLUICE_EVENT_START when given instead of the start-up time', async () => {
    const clock = new ManualClock(DRILL_DAY);
    const app = await start(clock, { eventStart: '2026-11-25T20:00:00+09:00' });
    const event = (await app.inject('/api/v1/event')).json();
    expect(event).toMatchObject({ open: false, window: null, next: { start: Date.parse('2026-11-25T11:00:00Z'), birthDayDigits: [9] } });
  });

  it('keeps the calendar’s own dates in live mode', async () => {
    const clock = new ManualClock(Date.UTC(2021, 7, 9, 10, 59, 59));
    const app = await start(clock, { mode: 'live' });
    expect(app.booking.event()).toMatchObject({ open: false, calendar: 'live', next: { start: Date.UTC(2021, 7, 9, 11, 0, 0) } });
    clock.advance(1000);
    expect(app.booking.event()).toMatchObject({ open: true, window: { start: Date.UTC(2021, 7, 9, 11, 0, 0) } });
  });

  it('lists slots by region and date with their remaining seats, within the limit', async () => {
    const app = await start(new ManualClock(DRILL_DAY));
    const jeju = (await app.inject('/api/v1/slots?region=jeju&date=2021-08-26')).json();
    expect(jeju.slots.length).toBeGreaterThan(0);
    expect(jeju.total).toBe(jeju.slots.length);
    for (const slot of jeju.slots) {
      expect(slot).toMatchObject({ region: 'jeju', date: '2021-08-26', remaining: expect.any(Number) });
      expect(slot.remaining).toBeGreaterThan(0);
    }
    const limited = (await app.inject('/api/v1/slots?limit=5')).json();
    expect(limited.slots).toHaveLength(5);
    expect(limited.total).toBe(app.booking.inventory.slots.length);
    const bad = await app.inject('/api/v1/slots?date=26-08-2021');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_request' });
  });
});

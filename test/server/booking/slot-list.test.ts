import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlotsQuery } from '../../../protocol';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import type { SlotInfo } from '../../../server/booking/inventory';
import { admitSessions } from '../../support/sessions';
import { writeSlots } from './fixtures';

/** The slot list as it was computed before the index: a walk over every slot. */
function walk(slots: readonly SlotInfo[], counts: ReadonlyMap<string, number>, query: SlotsQuery) {
  const limit = query.limit ?? 500;
  const out = [];
  let total = 0;
  for (const s of slots) {
    if (query.region !== undefined && s.region !== query.region) continue;
    if (query.date !== undefined && s.date !== query.date) continue;
    if (query.center !== undefined && s.centerId !== query.center) continue;
    if (query.vaccine !== undefined && s.vaccine !== query.vaccine) continue;
    const remaining = counts.get(s.id) ?? 0;
    if (query.open && remaining <= 0) continue;
    total++;
    if (out.length < limit) out.push({ id: s.id, region: s.region, center: s.center, date: s.date, vaccine: s.vaccine, remaining });
  }
  return { slots: out, total };
}

describe('the slot list from the index', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig());
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  function queries(): SlotsQuery[] {
    const slots = app.booking.inventory.slots;
    const regions = [...new Set(slots.map((s) => s.region))];
    const dates = [...new Set(slots.map((s) => s.date))];
    const centers = [...new Set(slots.map((s) => s.centerId))];
    const list: SlotsQuery[] = [{}, { limit: 1 }, { limit: 2000 }, { open: true }, { vaccine: 'pfizer' }, { vaccine: 'moderna', limit: 2000 }];
    for (const region of regions) list.push({ region }, { region, date: dates[3] }, { region, vaccine: 'moderna', open: true, limit: 7 });
    for (const date of dates) list.push({ date }, { date, vaccine: 'pfizer', limit: 2000 });
    for (const center of centers.filter((_, i) => i % 25 === 0))
      list.push({ center }, { center, vaccine: 'pfizer' }, { center, date: dates[10], region: regions[0] });
    // A center outside the region asked for, unknown values, an empty value (matches nothing).
    const far = slots.find((s) => s.region !== regions[0])!;
    list.push(
      { region: regions[0], center: far.centerId },
      { region: 'atlantis' },
      { center: 'c999999' },
      { date: '2020-01-01' },
      { region: '' },
      { center: '', date: dates[0] },
    );
    return list;
  }

  it('answers exactly what the walk over every slot answered, for every kind of query', async () => {
    const counts = await app.store.booking.remaining();
    const checked = queries();
    expect(checked.length).toBeGreaterThan(100);
    for (const query of checked) expect(await app.booking.slots(query), JSON.stringify(query)).toEqual(walk(app.booking.inventory.slots, counts, query));
  });

  it('serves the same JSON over HTTP, cacheable for a second', async () => {
    const counts = await app.store.booking.remaining();
    for (const [path, query] of [
      ['?region=seoul&date=2021-08-26&open=true', { region: 'seoul', date: '2021-08-26', open: true }],
      ['?vaccine=moderna&limit=3', { vaccine: 'moderna', limit: 3 }],
      ['?region=', { region: '' }],
      ['', {}],
    ] as const) {
      const res = await fetch(`${`http://127.0.0.1:${(app.server.address() as { port: number }).port}`}/api/v1/slots${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=1');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual(walk(app.booking.inventory.slots, counts, query));
    }
  });

  it('agrees with the walk on sold-out slots too (open=true, totals, limits)', async () => {
    const small = await buildApp(
      testConfig({
        slotsFile: writeSlots(
          [
            { id: 'a1', region: 'seoul', name: 'A1', seats: { pfizer: 1, moderna: 2 } },
            { id: 'a2', region: 'seoul', name: 'A2', seats: { pfizer: 1 }, closedOn: [0] },
            { id: 'b1', region: 'jeju', name: 'B1', seats: { moderna: 1 } },
            { id: 'b2', region: 'jeju', name: 'B2', seats: { pfizer: 2, moderna: 1 } },
          ],
          { from: '2021-08-26', to: '2021-08-31' },
        ),
      }),
    );
    try {
      const slots = small.booking.inventory.slots;
      const soldOut = slots.filter((_, i) => i % 3 === 0 && slots[i]!.capacity === 1);
      expect(soldOut.length).toBeGreaterThan(3);
      const sessions = await admitSessions(small, soldOut.length);
      for (const [i, slot] of soldOut.entries()) {
        const reservation = { id: `r${i}`, slotId: slot.id, center: slot.center, date: slot.date, vaccine: slot.vaccine, createdAt: 0 };
        const booked = await small.store.booking.reserve({
          personId: `p${i}`,
          idempotencyKey: `key-${i}`,
          reservation,
          idempotencyTtlSec: 60,
          session: { number: sessions[i]!, now: small.clock.now() },
        });
        expect(booked.outcome).toBe('booked');
      }
      const counts = await small.store.booking.remaining();
      expect([...counts.values()].filter((n) => n === 0)).toHaveLength(soldOut.length);
      const checked: SlotsQuery[] = [{}, { open: true }, { open: true, limit: 3 }];
      for (const region of ['seoul', 'jeju']) checked.push({ region, open: true }, { region, vaccine: 'pfizer', open: true }, { region, date: '2021-08-29' });
      for (const center of ['a1', 'a2', 'b1', 'b2']) checked.push({ center, open: true }, { center, date: '2021-08-26', open: true }, { center, limit: 2 });
      for (const query of checked) expect(await small.booking.slots(query), JSON.stringify(query)).toEqual(walk(slots, counts, query));
    } finally {
      await small.close();
    }
  });
});

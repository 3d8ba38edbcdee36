import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rule } from '../../../server/booking/eligibility';
import { EventCalendar } from '../../../server/booking/event-calendar';
import { kst } from './fixtures';

const calendar = EventCalendar.load(fileURLToPath(new URL('../../../data/event-2021.json', import.meta.url)));
const SECOND = 1000;

describe('2021 eligibility policy', () => {
  it('opens the digit-9 cohort at 20:00:00 KST on 08-09, not at 19:59:59', () => {
    const before = rule(calendar, '1990-05-19', kst('2021-08-09 20:00') - SECOND);
    expect(before).toMatchObject({ eligible: false, reason: 'not_open', next: { start: kst('2021-08-09 20:00'), end: kst('2021-08-10 18:00') } });
    expect(before.eligible === false && before.message).toContain('2021-08-09 20:00 KST');
    expect(rule(calendar, '1990-05-19', kst('2021-08-09 20:00'))).toMatchObject({ eligible: true });
  });

  it('admits birth days 9, 19 and 29 on cohort day 9 and sends the 20th to the next evening', () => {
    const now = kst('2021-08-09 21:00');
    for (const bd of ['1990-05-09', '1990-05-19', '1990-05-29']) expect(rule(calendar, bd, now).eligible).toBe(true);
    const other = rule(calendar, '1990-05-20', now);
    expect(other).toMatchObject({ eligible: false, reason: 'not_your_window', next: { start: kst('2021-08-10 20:00') } });
    expect(other.eligible === false && other.message).toMatch(/birth days ending in 9 .*Your window opens 2021-08-10 20:00 KST/);
  });

  it('closes a cohort window at 18:00 KST the next day and points to the age-band catch-up', () => {
    expect(rule(calendar, '1990-05-19', kst('2021-08-10 18:00') - 1).eligible).toBe(true);
    const young = rule(calendar, '1990-05-19', kst('2021-08-10 18:00'));
    expect(young).toMatchObject({ eligible: false, reason: 'not_open', next: { start: kst('2021-08-20 20:00') } });
    const older = rule(calendar, '1980-05-19', kst('2021-08-10 18:00'));
    expect(older).toMatchObject({ eligible: false, next: { start: kst('2021-08-19 20:00') } });
  });

  it('admits the round edges 1972-01-01 and 2003-12-31 and refuses one day outside', () => {
    const digitOne = kst('2021-08-11 20:00');
    expect(rule(calendar, '1972-01-01', digitOne).eligible).toBe(true);
    expect(rule(calendar, '2003-12-31', digitOne).eligible).toBe(true);
    for (const bd of ['1971-12-31', '2004-01-01']) {
      const outside = rule(calendar, bd, digitOne);
      expect(outside).toMatchObject({ eligible: false, reason: 'outside_age_range', next: null });
      expect(outside.eligible === false && outside.message).toContain('1972-01-01 to 2003-12-31');
    }
  });

  it('gives the 08-19 catch-up to ages 36–49 only and the 08-20 one to ages 18–35 only', () => {
    const olderBand = kst('2021-08-19 20:00');
    expect(rule(calendar, '1985-12-31', olderBand).eligible).toBe(true);
    expect(rule(calendar, '1986-01-01', olderBand)).toMatchObject({ eligible: false, reason: 'not_your_window', next: { start: kst('2021-08-20 20:00') } });
    const youngerBand = kst('2021-08-20 20:00');
    expect(rule(calendar, '1986-01-01', youngerBand).eligible).toBe(true);
    expect(rule(calendar, '1985-12-31', youngerBand)).toMatchObject({ eligible: false, next: { start: kst('2021-08-21 20:00') } });
  });

  it('lets everyone in the round book from 08-21 20:00 until 09-18 18:00, then says the round closed', () => {
    expect(rule(calendar, '2003-12-31', kst('2021-08-21 20:00')).eligible).toBe(true);
    expect(rule(calendar, '1972-01-01', kst('2021-09-18 18:00') - 1).eligible).toBe(true);
    const after = rule(calendar, '1972-01-01', kst('2021-09-18 18:00'));
    expect(after).toMatchObject({ eligible: false, reason: 'closed', next: null });
    expect(after.eligible === false && after.message).toContain('2021-09-18 18:00 KST');
  });

  it('shifted for training, the first window opens at the chosen instant and the rest keep their spacing', () => {
    const start = Date.UTC(2026, 10, 25, 10, 0, 0);
    const drill = calendar.startingAt(start);
    expect(drill.windows[0]!.start).toBe(start);
    expect(drill.windows[1]!.start - drill.windows[0]!.start).toBe(calendar.windows[1]!.start - calendar.windows[0]!.start);
    expect(rule(drill, '1990-05-19', start).eligible).toBe(true);
    expect(rule(drill, '1990-05-19', start - 1).eligible).toBe(false);
  });

  it('refuses a calendar whose windows overlap', () => {
    const overlapping = {
      name: 'bad',
      birthDateFrom: '1972-01-01',
      birthDateTo: '2003-12-31',
      windows: [
        { start: '2021-08-09T20:00:00+09:00', end: '2021-08-10T18:00:00+09:00' },
        { start: '2021-08-10T17:00:00+09:00', end: '2021-08-11T18:00:00+09:00' },
      ],
    };
    expect(() => EventCalendar.fromFile(overlapping)).toThrow(/overlap/);
  });
});

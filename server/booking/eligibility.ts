import type { EventWindow, NotEligibleReason } from '../../protocol';
import type { CalendarWindow, EventCalendar } from './event-calendar';
import { formatKst } from './kst';

export type Ruling = { eligible: true; window: CalendarWindow } | { eligible: false; reason: NotEligibleReason; message: string; next: EventWindow | null };

const BIRTH_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function birthDay(birthDate: string): number | null {
  const match = BIRTH_DATE.exec(birthDate);
  if (!match) return null;
  const day = Number(match[3]);
  return day >= 1 && day <= 31 ? day : null;
}

/** Whether this window lets a person born on `birthDate` book (ignoring time). */
export function admits(window: CalendarWindow, birthDate: string): boolean {
  const day = birthDay(birthDate);
  if (day === null) return false;
  if (birthDate < window.bornFrom || birthDate > window.bornTo) return false;
  return window.birthDayDigits === null || window.birthDayDigits.includes(day % 10);
}

export function publicWindow(w: CalendarWindow): EventWindow {
  return { start: w.start, end: w.end, label: w.label };
}

/** May this person book now? If not: why, in words, and when their own next window opens. */
export function rule(calendar: EventCalendar, birthDate: string, now: number): Ruling {
  const day = birthDay(birthDate);
  if (day === null || birthDate < calendar.birthDateFrom || birthDate > calendar.birthDateTo) {
    return {
      eligible: false,
      reason: 'outside_age_range',
      message: `This round is for people born ${calendar.birthDateFrom} to ${calendar.birthDateTo}; your birth date is outside it.`,
      next: null,
    };
  }
  const open = calendar.openAt(now);
  if (open && admits(open, birthDate)) return { eligible: true, window: open };
  const next = calendar.nextAfter(now, (w) => admits(w, birthDate));
  if (!next) {
    return {
      eligible: false,
      reason: 'closed',
      message:
        now >= calendar.lastEnd
          ? `Booking for this round closed at ${formatKst(calendar.lastEnd)}.`
          : `No booking window is left for your birth date; the last one for you has closed.`,
      next: null,
    };
  }
  const yours = `Your window opens ${formatKst(next.start)} and closes ${formatKst(next.end)} (${next.label}).`;
  if (open) {
    return {
      eligible: false,
      reason: 'not_your_window',
      message: `Right now booking is open for ${open.label}. ${yours}`,
      next: publicWindow(next),
    };
  }
  return { eligible: false, reason: 'not_open', message: `Booking is not open right now. ${yours}`, next: publicWindow(next) };
}

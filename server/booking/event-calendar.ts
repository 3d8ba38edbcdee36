import { readFileSync } from 'node:fs';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** An instant with its offset, e.g. `2021-08-09T20:00:00+09:00`. */
const Instant = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})$' });

/** The event file (data/event-2021.json): who may book, and when. Configuration, not code. */
export const EventFileSchema = Type.Object({
  name: Type.String(),
  source: Type.Optional(Type.String()),
  birthDateFrom: DateString,
  birthDateTo: DateString,
  windows: Type.Array(
    Type.Object(
      {
        start: Instant,
        end: Instant,
        /** Only birth days of month ending in these digits (the cohort day rule); all when absent. */
        birthDayDigits: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { minItems: 1 })),
        /** An age band as a birth-date range inside the round's range. */
        bornFrom: Type.Optional(DateString),
        bornTo: Type.Optional(DateString),
        label: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    { minItems: 1 },
  ),
});
export type EventFile = Static<typeof EventFileSchema>;

export interface CalendarWindow {
  start: number;
  end: number;
  /** null: any birth day. */
  birthDayDigits: number[] | null;
  bornFrom: string;
  bornTo: string;
  label: string;
}

/**
 * The booking calendar, possibly shifted in time (training) so that its first window opens at
 * a chosen instant. Windows open at `start` (inclusive) and close at `end` (exclusive).
 */
export class EventCalendar {
  private constructor(
    readonly name: string,
    readonly birthDateFrom: string,
    readonly birthDateTo: string,
    readonly windows: readonly CalendarWindow[],
    readonly shiftMs: number,
  ) {}

  static load(path: string): EventCalendar {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read the event file ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    return EventCalendar.fromFile(raw, path);
  }

  static fromFile(raw: unknown, source = 'event file'): EventCalendar {
    if (!Value.Check(EventFileSchema, raw)) {
      const first = [...Value.Errors(EventFileSchema, raw)][0];
      throw new Error(`${source} is invalid: ${first ? `${first.instancePath} ${first.message}` : 'bad shape'}`);
    }
    const file = raw;
    if (file.birthDateFrom > file.birthDateTo) throw new Error(`${source}: birthDateFrom is after birthDateTo`);
    const windows = file.windows.map((w, i): CalendarWindow => {
      const start = Date.parse(w.start);
      const end = Date.parse(w.end);
      if (!(end > start)) throw new Error(`${source}: window ${i} ends before it starts`);
      const bornFrom = w.bornFrom && w.bornFrom > file.birthDateFrom ? w.bornFrom : file.birthDateFrom;
      const bornTo = w.bornTo && w.bornTo < file.birthDateTo ? w.bornTo : file.birthDateTo;
      const birthDayDigits = w.birthDayDigits ? [...new Set(w.birthDayDigits)].sort() : null;
      return { start, end, birthDayDigits, bornFrom, bornTo, label: w.label ?? describeDigits(birthDayDigits) };
    });
    windows.sort((a, b) => a.start - b.start);
    for (let i = 1; i < windows.length; i++) {
      if (windows[i]!.start < windows[i - 1]!.end) throw new Error(`${source}: windows ${i - 1} and ${i} overlap`);
    }
    return new EventCalendar(file.name, file.birthDateFrom, file.birthDateTo, windows, 0);
  }

  get firstStart(): number {
    return this.windows[0]!.start;
  }

  get lastEnd(): number {
    return this.windows[this.windows.length - 1]!.end;
  }

  /** The same calendar moved so that its first window opens at `firstStart`. */
  startingAt(firstStart: number): EventCalendar {
    const by = firstStart - this.windows[0]!.start;
    return new EventCalendar(
      this.name,
      this.birthDateFrom,
      this.birthDateTo,
      this.windows.map((w) => ({ ...w, start: w.start + by, end: w.end + by })),
      this.shiftMs + by,
    );
  }

  openAt(now: number): CalendarWindow | undefined {
    return this.windows.find((w) => w.start <= now && now < w.end);
  }

  nextAfter(now: number, admits: (w: CalendarWindow) => boolean = () => true): CalendarWindow | undefined {
    return this.windows.find((w) => w.start > now && admits(w));
  }
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** `birth days ending in 9 (the 9th, 19th, 29th)` */
function describeDigits(digits: number[] | null): string {
  if (!digits) return 'everyone in the round';
  const days: number[] = [];
  for (let day = 1; day <= 31; day++) if (digits.includes(day % 10)) days.push(day);
  return `birth days ending in ${digits.join(' or ')} (the ${days.map(ordinal).join(', ')})`;
}

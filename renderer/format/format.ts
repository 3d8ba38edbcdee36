/**
 * Korean number and time formats for every figure on the console, whatever the interface
 * language: grouping as ko-KR writes it, clock times in Asia/Seoul.
 */
const whole = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('ko-KR', { style: 'percent', maximumFractionDigits: 1 });
const clock = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const clockShort = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dateTime = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export const DASH = '—';

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : whole.format(value);
}

/** Rates: one decimal below 10 (a trickle matters), whole numbers above. */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return Math.abs(value) < 10 ? oneDecimal.format(value) : whole.format(value);
}

export function formatMs(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : `${whole.format(value)} ms`;
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? DASH : percent.format(ratio);
}

/** 20:05:12 in Seoul. */
export function formatClock(epochMs: number): string {
  return clock.format(epochMs);
}

/** 20:05 in Seoul (chart axes). */
export function formatClockShort(epochMs: number): string {
  return clockShort.format(epochMs);
}

export function formatDateTime(epochMs: number): string {
  return dateTime.format(epochMs);
}

export interface DurationParts {
  key: 's' | 'ms' | 'm' | 'hm';
  h: number;
  m: number;
  s: number;
}

/** Splits seconds into the coarsest readable unit pair (for translation keys duration.*). */
export function durationParts(totalSec: number): DurationParts {
  const sec = Math.max(0, Math.round(totalSec));
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  if (h > 0) return { key: 'hm', h, m, s };
  if (m >= 10) return { key: 'm', h, m, s };
  if (m > 0) return { key: 'ms', h, m, s };
  return { key: 's', h, m, s };
}

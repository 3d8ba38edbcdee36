/** An ETA range in the one unit that keeps it short: `{ low: '2', high: '3', unit: 'm' }` reads "2–3분". */
export interface EtaRangeParts {
  low: string;
  high: string;
  unit: 's' | 'm' | 'h';
}

const oneDecimal = new Intl.NumberFormat('ko-KR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * The headline ETA as few characters as the situation room needs: seconds under a minute and a
 * half, whole minutes (low rounded down, high up) under three hours, hours with one decimal beyond.
 * The exact range stays on the tile's second line.
 */
export function etaRangeParts(minSec: number, maxSec: number): EtaRangeParts {
  const low = Math.max(0, Math.min(minSec, maxSec));
  const high = Math.max(0, maxSec);
  if (high < 90) return { low: String(Math.floor(low)), high: String(Math.ceil(high)), unit: 's' };
  if (high < 3 * 3600) return { low: String(Math.floor(low / 60)), high: String(Math.max(1, Math.ceil(high / 60))), unit: 'm' };
  return { low: oneDecimal.format(Math.floor((low / 3600) * 10) / 10), high: oneDecimal.format(Math.ceil((high / 3600) * 10) / 10), unit: 'h' };
}

/** "2–3", or "3" when both ends round to the same figure. */
export function etaRangeValue(parts: EtaRangeParts): string {
  return parts.low === parts.high ? parts.high : `${parts.low}–${parts.high}`;
}

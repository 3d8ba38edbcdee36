import { createHash } from 'node:crypto';

/**
 * A stable person identifier, like Korea's CI (connecting information): the same person
 * gets the same value from every provider, and it reveals nothing by itself.
 */
export function personId(name: string, birthDate: string): string {
  return createHash('sha256')
    .update(`sluice-ci-v1|${name.normalize('NFC').trim()}|${birthDate}`)
    .digest('base64url');
}

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

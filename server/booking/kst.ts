/** Korea Standard Time is UTC+09:00 all year (no daylight saving), so a fixed offset is exact. */
const KST_OFFSET_MS = 9 * 3600_000;

/** `2021-08-09 20:00:05 +09:00` (the incident report's times). */
export function formatKstSeconds(ms: number): string {
  const iso = new Date(ms + KST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +09:00`;
}

/** `2021-08-09 20:00 KST` */
export function formatKst(ms: number): string {
  const iso = new Date(ms + KST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} KST`;
}

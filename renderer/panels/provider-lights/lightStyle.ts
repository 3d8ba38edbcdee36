import type { Light, ProviderHealth } from '../../../protocol';

/** What a tile shows: a measured light, or `nodata` when too few calls stand behind it. */
export type ShownLight = Light | 'nodata';

/** Each light has a colour, a shape and a word, so it reads without colour vision too. */
export const LIGHT_STYLE: Record<ShownLight, { color: string; symbol: string }> = {
  green: { color: '#1f9d55', symbol: '●' },
  yellow: { color: '#e0a800', symbol: '▲' },
  red: { color: '#d62828', symbol: '■' },
  off: { color: '#6b7280', symbol: '○' },
  nodata: { color: '#9aa3b2', symbol: '◌' },
};

/**
 * A green with fewer calls than the light needs is green by default, not by measurement: the
 * operator sees "no data" instead. Red (an open circuit, a full lane) and off stay as they are;
 * the citizens' public light is not changed by this.
 */
export function shownLight(health: ProviderHealth): ShownLight {
  return health.light === 'green' && !health.measured ? 'nodata' : health.light;
}

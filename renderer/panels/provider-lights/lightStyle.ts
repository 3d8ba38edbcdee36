import type { Light } from '../../../protocol';

/** Each light has a colour, a shape and a word, so it reads without colour vision too. */
export const LIGHT_STYLE: Record<Light, { color: string; symbol: string }> = {
  green: { color: '#1f9d55', symbol: '●' },
  yellow: { color: '#e0a800', symbol: '▲' },
  red: { color: '#d62828', symbol: '■' },
  off: { color: '#6b7280', symbol: '○' },
};

import type { Rect } from './displays';
import { parseServerUrl } from './serverUrl';

/** What the desktop remembers between starts (userData/settings.json). */
export interface DesktopSettings {
  serverUrl: string | null;
  bounds: Rect | null;
  maximized: boolean;
  wallDisplayId: number | null;
}

export const DEFAULT_SETTINGS: DesktopSettings = { serverUrl: null, bounds: null, maximized: false, wallDisplayId: null };

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (['x', 'y', 'width', 'height'] as const).every((k) => Number.isInteger(r[k])) && (r.width as number) > 0 && (r.height as number) > 0;
}

/**
 * Reads the settings file's text. A file edited by hand or cut short keeps what is still valid
 * and drops the rest; a server URL is re-checked by the same rule as when it was typed.
 */
export function parseSettings(text: string | null): DesktopSettings {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : null;
  } catch {
    raw = null;
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_SETTINGS };
  const r = raw as Record<string, unknown>;
  const server = parseServerUrl(r.serverUrl);
  return {
    serverUrl: server.ok ? server.serverUrl : null,
    bounds: isRect(r.bounds) ? { x: r.bounds.x, y: r.bounds.y, width: r.bounds.width, height: r.bounds.height } : null,
    maximized: r.maximized === true,
    wallDisplayId: Number.isInteger(r.wallDisplayId) ? (r.wallDisplayId as number) : null,
  };
}

export function serialiseSettings(settings: DesktopSettings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

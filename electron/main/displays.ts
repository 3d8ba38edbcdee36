export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of Electron's Display the shell uses (screen.getAllDisplays(), plain data). */
export interface DisplayFacts {
  id: number;
  bounds: Rect;
  workArea: Rect;
  primary: boolean;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The display a window mostly sits on. */
export function displayOf(rect: Rect, displays: readonly DisplayFacts[]): DisplayFacts | null {
  let best: DisplayFacts | null = null;
  let bestArea = 0;
  for (const display of displays) {
    const area = overlap(rect, display.bounds);
    if (area > bestArea) [best, bestArea] = [display, area];
  }
  return best;
}

function primaryOf(displays: readonly DisplayFacts[]): DisplayFacts | null {
  return displays.find((d) => d.primary) ?? displays[0] ?? null;
}

/**
 * Where wall mode goes: the display the operator chose if it is still attached, else the first
 * display that is not the primary one (the wall, not the desk), else the primary.
 */
export function chooseWallDisplay(displays: readonly DisplayFacts[], chosenId: number | null): DisplayFacts | null {
  return displays.find((d) => d.id === chosenId) ?? displays.find((d) => !d.primary) ?? primaryOf(displays);
}

/** Where a second console window opens: another display than the first window's, if there is one. */
export function secondWindowDisplay(displays: readonly DisplayFacts[], firstWindow: Rect): DisplayFacts | null {
  const first = displayOf(firstWindow, displays);
  return displays.find((d) => d.id !== first?.id) ?? first ?? primaryOf(displays);
}

/** A rectangle of the given size centred in a display's work area (clamped to fit). */
export function centredIn(display: DisplayFacts, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, display.workArea.width);
  const height = Math.min(size.height, display.workArea.height);
  return {
    x: Math.round(display.workArea.x + (display.workArea.width - width) / 2),
    y: Math.round(display.workArea.y + (display.workArea.height - height) / 2),
    width,
    height,
  };
}

export const DEFAULT_WINDOW_SIZE = { width: 1600, height: 1000 };

/**
 * Remembered bounds, if the window would still be on a display now attached (a laptop undocked
 * overnight must not open its console off-screen); otherwise centred on the primary display.
 */
export function restoreBounds(saved: Rect | null, displays: readonly DisplayFacts[]): Rect {
  const visible = saved && displays.some((d) => overlap(saved, d.workArea) >= Math.min(saved.width * saved.height, 200 * 120));
  if (saved && visible) return saved;
  const primary = primaryOf(displays);
  return primary ? centredIn(primary, DEFAULT_WINDOW_SIZE) : { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
}

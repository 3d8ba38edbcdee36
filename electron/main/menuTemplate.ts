import type { MenuItemConstructorOptions } from 'electron';
import type { DisplayFacts } from './displays';

export interface MenuState {
  wallMode: boolean;
  wallDisplayId: number | null;
  displays: readonly DisplayFacts[];
  devTools: boolean;
  isMac: boolean;
}

export interface MenuActions {
  toggleWallMode(): void;
  chooseWallDisplay(id: number): void;
  openSecondWindow(): void;
  changeServer(): void;
}

function displayLabel(display: DisplayFacts, index: number): string {
  const { width, height } = display.bounds;
  return `Display ${index + 1} — ${width}×${height}${display.primary ? ' (primary)' : ''}`;
}

/** The application menu: wall mode, its display, a second window, and where the server is. */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Console Window (second monitor)', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.openSecondWindow() },
      { label: 'Change Server…', click: () => actions.changeServer() },
      { type: 'separator' },
      state.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      {
        label: 'Wall Mode',
        type: 'checkbox',
        checked: state.wallMode,
        // Works in kiosk mode too, where the menu bar is hidden.
        accelerator: 'CmdOrCtrl+Shift+W',
        click: () => actions.toggleWallMode(),
      },
      {
        label: 'Wall Display',
        submenu: state.displays.map((display, index) => ({
          label: displayLabel(display, index),
          type: 'radio' as const,
          checked: display.id === state.wallDisplayId,
          click: () => actions.chooseWallDisplay(display.id),
        })),
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      ...(state.devTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  };
  const window: MenuItemConstructorOptions = { role: 'windowMenu' };
  return state.isMac ? [{ role: 'appMenu' }, file, { role: 'editMenu' }, view, window] : [file, { role: 'editMenu' }, view, window];
}

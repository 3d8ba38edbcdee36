import { BrowserWindow, screen } from 'electron';
import { CONNECT_URL, CONSOLE_URL } from './appUrl';
import { centredIn, chooseWallDisplay, DEFAULT_WINDOW_SIZE, restoreBounds, secondWindowDisplay, type DisplayFacts, type Rect } from './displays';
import type { SettingsFile } from './settingsFile';
import { consoleWindowOptions } from './windowOptions';

export interface ConsoleWindowsOptions {
  preloadPath: string;
  devTools: boolean;
  settings: SettingsFile;
  /** Called when a window's wall mode or the set of windows changes (the menu shows it). */
  onChange(): void;
}

/**
 * The console windows: the first one remembers its bounds; a second one opens on another
 * display; each may go into wall mode (full screen, kiosk, on the chosen display) and back.
 */
export class ConsoleWindows {
  private first: BrowserWindow | null = null;
  private readonly walls = new Map<BrowserWindow, Rect>();

  constructor(private readonly options: ConsoleWindowsOptions) {}

  displays(): DisplayFacts[] {
    const primaryId = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea, primary: d.id === primaryId }));
  }

  /** The page a window shows: the console once a server is known, the connect screen before. */
  startUrl(): string {
    return this.options.settings.current.serverUrl ? CONSOLE_URL : CONNECT_URL;
  }

  openFirst(): BrowserWindow {
    if (this.first && !this.first.isDestroyed()) return this.focus(this.first);
    const { settings } = this.options;
    const win = this.create(restoreBounds(settings.current.bounds, this.displays()));
    if (settings.current.maximized) win.maximize();
    win.on('close', () => {
      if (!this.walls.has(win)) settings.update({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    });
    this.first = win;
    return win;
  }

  /** A second console (e.g. for the wall) on another display than the first window. */
  openSecond(): BrowserWindow {
    const anchor = this.first && !this.first.isDestroyed() ? this.first.getBounds() : restoreBounds(null, this.displays());
    const display = secondWindowDisplay(this.displays(), anchor);
    return this.create(display ? centredIn(display, DEFAULT_WINDOW_SIZE) : anchor);
  }

  focused(): BrowserWindow | null {
    return BrowserWindow.getFocusedWindow() ?? (this.first && !this.first.isDestroyed() ? this.first : null);
  }

  focus(win: BrowserWindow): BrowserWindow {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return win;
  }

  isWall(win: BrowserWindow | null): boolean {
    return win !== null && this.walls.has(win);
  }

  setWallMode(win: BrowserWindow, on: boolean): boolean {
    if (on === this.walls.has(win)) return on;
    if (on) {
      const display = chooseWallDisplay(this.displays(), this.options.settings.current.wallDisplayId);
      this.walls.set(win, win.getNormalBounds());
      if (display) win.setBounds(display.bounds);
      win.setFullScreen(true);
      win.setKiosk(true);
    } else {
      const restore = this.walls.get(win);
      this.walls.delete(win);
      win.setKiosk(false);
      win.setFullScreen(false);
      if (restore) win.setBounds(restore);
    }
    this.options.onChange();
    return on;
  }

  /** Flashes a window in the taskbar until it is focused. */
  flash(win: BrowserWindow): void {
    if (win.isFocused()) return;
    win.flashFrame(true);
    win.once('focus', () => win.flashFrame(false));
  }

  /** Every window shows the connect screen (menu: Change Server…). */
  showConnect(): void {
    for (const win of BrowserWindow.getAllWindows()) void win.loadURL(CONNECT_URL);
  }

  /** After the server changed: every window loads the console against it. */
  showConsole(): void {
    for (const win of BrowserWindow.getAllWindows()) void win.loadURL(CONSOLE_URL);
  }

  private create(bounds: Rect): BrowserWindow {
    const win = new BrowserWindow(consoleWindowOptions({ preloadPath: this.options.preloadPath, bounds, devTools: this.options.devTools, title: 'Sluice' }));
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      this.walls.delete(win);
      if (win === this.first) this.first = null;
      this.options.onChange();
    });
    void win.loadURL(this.startUrl());
    this.options.onChange();
    return win;
  }
}

import { BrowserWindow, ipcMain, Notification, type IpcMainInvokeEvent } from 'electron';
import type { DesktopChannel, DesktopIpc } from '../../protocol/desktop';
import { CHANNELS } from '../shared/channels';
import type { ConsoleWindows } from './consoleWindows';
import { admitIpc } from './ipcValidation';
import { alertNotificationOptions } from './notificationOptions';
import { parseServerUrl } from './serverUrl';
import type { SettingsFile } from './settingsFile';

type Handler<C extends DesktopChannel> = (payload: DesktopIpc[C]['payload'], win: BrowserWindow) => DesktopIpc[C]['answer'] | Promise<DesktopIpc[C]['answer']>;

/**
 * Every bridge call: the sender must be the main frame of a bundled page allowed on that channel,
 * in one of our windows, and the payload must pass the channel's schema; otherwise it is refused
 * (the renderer's promise rejects) and logged.
 */
function handle<C extends DesktopChannel>(channel: C, run: Handler<C>): void {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
    const frame = event.senderFrame;
    const win = BrowserWindow.fromWebContents(event.sender);
    const verdict = admitIpc(channel, { url: frame?.url, isMainFrame: frame !== null && frame.parent === null }, payload);
    if (!win || !verdict.ok) {
      const reason = verdict.ok ? 'not one of our windows' : verdict.reason;
      console.warn(`sluice: refused ${channel}: ${reason}`);
      throw new Error('refused');
    }
    return run(verdict.value, win);
  });
}

/** Notifications must outlive the handler, or they may be collected before they are clicked. */
const shown = new Set<Notification>();

export function registerBridge(windows: ConsoleWindows, settings: SettingsFile): void {
  handle(CHANNELS.notifyAlert, (notice, win) => {
    if (!Notification.isSupported()) return false;
    const notification = new Notification(alertNotificationOptions(notice));
    shown.add(notification);
    notification.on('click', () => windows.focus(win));
    notification.on('close', () => shown.delete(notification));
    notification.show();
    return true;
  });
  handle(CHANNELS.flashFrame, (_payload, win) => windows.flash(win));
  handle(CHANNELS.getServerUrl, () => settings.current.serverUrl);
  handle(CHANNELS.setServerUrl, (url) => {
    const result = parseServerUrl(url);
    if (result.ok) {
      settings.update({ serverUrl: result.serverUrl });
      // A new document gets the new CSP: reload every window against the new server.
      setImmediate(() => windows.showConsole());
    }
    return result;
  });
  handle(CHANNELS.setWallMode, (on, win) => windows.setWallMode(win, on));
}

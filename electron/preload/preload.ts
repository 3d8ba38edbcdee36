import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopChannel, DesktopIpc, SluiceDesktop } from '../../protocol/desktop';
import { CHANNELS } from '../shared/channels';

/**
 * The only door from the page to the desktop: a handful of typed functions on
 * `window.sluiceDesktop`, never ipcRenderer itself. Each sends a fresh object with exactly the
 * fields the channel takes; the main process checks the sender and the payload again.
 */
function invoke<C extends DesktopChannel>(channel: C, payload: DesktopIpc[C]['payload']): Promise<DesktopIpc[C]['answer']> {
  return ipcRenderer.invoke(channel, payload) as Promise<DesktopIpc[C]['answer']>;
}

const bridge: SluiceDesktop = {
  bridgeVersion: 1,
  notifyAlert: (notice) =>
    invoke(CHANNELS.notifyAlert, {
      alertId: String(notice.alertId),
      severity: notice.severity,
      title: String(notice.title),
      body: String(notice.body),
      drill: notice.drill === true,
    }),
  flashFrame: () => invoke(CHANNELS.flashFrame, null),
  getServerUrl: () => invoke(CHANNELS.getServerUrl, null),
  setServerUrl: (url) => invoke(CHANNELS.setServerUrl, String(url)),
  setWallMode: (on) => invoke(CHANNELS.setWallMode, on === true),
};

contextBridge.exposeInMainWorld('sluiceDesktop', bridge);

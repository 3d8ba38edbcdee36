import type { DesktopChannel } from '../../protocol/desktop';

/** The bridge's IPC channel names, spelled once for the preload and the main process. */
export const CHANNELS = {
  notifyAlert: 'sluice:alert:notify',
  flashFrame: 'sluice:window:flash',
  getServerUrl: 'sluice:server:get',
  setServerUrl: 'sluice:server:set',
  setWallMode: 'sluice:wall:set',
} as const satisfies Record<string, DesktopChannel>;

import { Menu } from 'electron';
import type { ConsoleWindows } from './consoleWindows';
import { menuTemplate } from './menuTemplate';
import type { SettingsFile } from './settingsFile';

/** Builds (and rebuilds, when state changes) the application menu. */
export function applyApplicationMenu(windows: ConsoleWindows, settings: SettingsFile, devTools: boolean): void {
  const state = {
    wallMode: windows.isWall(windows.focused()),
    wallDisplayId: settings.current.wallDisplayId,
    displays: windows.displays(),
    devTools,
    isMac: process.platform === 'darwin',
  };
  const refresh = () => applyApplicationMenu(windows, settings, devTools);
  const template = menuTemplate(state, {
    toggleWallMode: () => {
      const win = windows.focused();
      if (win) windows.setWallMode(win, !windows.isWall(win));
    },
    chooseWallDisplay: (id) => {
      settings.update({ wallDisplayId: id });
      refresh();
    },
    openSecondWindow: () => windows.openSecond(),
    changeServer: () => windows.showConnect(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

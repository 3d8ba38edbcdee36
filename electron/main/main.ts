import { join } from 'node:path';
import { app, screen, session } from 'electron';
import { serveAppScheme, registerAppScheme } from './appProtocol';
import { applyApplicationMenu } from './applicationMenu';
import { ConsoleWindows } from './consoleWindows';
import { guardAllWebContents, hardenSession } from './hardening';
import { registerBridge } from './ipc';
import { serverUrlFromArgs } from './serverUrl';
import { SettingsFile } from './settingsFile';

/**
 * The Sluice desktop shell. Built by `npm run build:desktop` into dist/electron/main.cjs, beside
 * preload.cjs and connect/; the console bundle is dist/console. Logic lives in the pure modules
 * next to this file; here it is only wired to Electron.
 */
const distElectron = __dirname;
const roots = { console: join(distElectron, '..', 'console'), connect: join(distElectron, 'connect') };
const devTools = !app.isPackaged;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let settings: SettingsFile | undefined;
  registerAppScheme();
  guardAllWebContents(() => settings?.current.serverUrl ?? null);

  void app.whenReady().then(() => {
    const given = serverUrlFromArgs(process.argv);
    if (given && !given.ok) console.error(`--server-url ignored: ${given.message}`);
    settings = new SettingsFile(join(app.getPath('userData'), 'settings.json'), given?.ok ? given.serverUrl : null);
    const current = settings;
    const serverOrigin = () => current.current.serverUrl;
    hardenSession(session.defaultSession, serverOrigin);
    serveAppScheme(roots, serverOrigin);
    const windows = new ConsoleWindows({
      preloadPath: join(distElectron, 'preload.cjs'),
      devTools,
      settings: current,
      onChange: () => applyApplicationMenu(windows, current, devTools),
    });
    registerBridge(windows, current);
    screen.on('display-added', () => applyApplicationMenu(windows, current, devTools));
    screen.on('display-removed', () => applyApplicationMenu(windows, current, devTools));
    app.on('second-instance', () => windows.openFirst());
    app.on('activate', () => windows.openFirst());
    windows.openFirst();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

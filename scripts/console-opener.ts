import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EnvironmentValues } from '../protocol/environment';
import type { ChildSpec } from './start/supervisor';

/** What `npm start` bundles the desktop shell into (`npm run build:desktop`). */
const DESKTOP_MAIN = 'dist/electron/main.cjs';

/** The Electron binary when it was downloaded; on machines that skip the download, null. */
export function electronBinary(): string | null {
  try {
    // The electron package's main is the binary's path; it throws when path.txt is missing.
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export type ConsoleOpener = 'desktop' | 'browser' | 'none';

/** SLUICE_CONSOLE, resolved: `auto` is the desktop when its binary is installed, else the browser. */
export function chooseConsole(setting: EnvironmentValues['SLUICE_CONSOLE'], electron: string | null): ConsoleOpener {
  if (setting === 'desktop' && !electron) throw new Error('SLUICE_CONSOLE=desktop, but the Electron binary is not installed (see README, The desktop app)');
  if (setting === 'auto') return electron ? 'desktop' : 'browser';
  return setting;
}

/**
 * The desktop console as a child of `npm start`, pointed at the local server for this run
 * (`--server-url`, not remembered). Bundles the shell first when dist/electron is missing.
 */
export function desktopConsole(electron: string, serverOrigin: string, log: (line: string) => void): ChildSpec {
  if (!existsSync(DESKTOP_MAIN)) {
    log('building the desktop shell (first start)…');
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-desktop.ts'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('desktop shell build failed');
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return { name: 'desktop console', command: electron, args: [DESKTOP_MAIN, `--server-url=${serverOrigin}`], env, mayExitCleanly: true };
}

/** The console in the system browser (a one-off opener, not a child to watch), or its address on a headless machine. */
export function openBrowser(url: string, log: (line: string) => void): void {
  if (process.env.DISPLAY || process.platform === 'darwin' || process.platform === 'win32') {
    const command = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
    const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => log(`open ${url} in a browser`));
    child.unref();
    return;
  }
  log(`no display: open ${url} in a browser`);
}

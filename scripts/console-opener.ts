import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The Electron binary when it was downloaded; on machines that skip the download, null. */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Opens the console: the Electron shell when its binary and main process exist, otherwise
 * the system browser, otherwise just the address (a headless machine).
 */
export function openConsole(url: string, log: (line: string) => void): void {
  const electron = electronBinary();
  if (electron && existsSync('electron/main.ts')) {
    spawn(electron, ['.', `--console-url=${url}`], { stdio: 'inherit', detached: false });
    return;
  }
  if (process.env.DISPLAY || process.platform === 'darwin' || process.platform === 'win32') {
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start' : 'xdg-open';
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => log(`open ${url} in a browser`));
    child.unref();
    return;
  }
  log(`no Electron binary and no display: open ${url} in a browser`);
}

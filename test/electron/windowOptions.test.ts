import { describe, expect, it } from 'vitest';
import { consoleWindowOptions, secureWebPreferences } from '../../electron/main/windowOptions';

describe('window options', () => {
  it('isolates and sandboxes every page, with no Node and web security on', () => {
    const prefs = secureWebPreferences('/app/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures).toBe('');
  });

  it('keeps a wall console live when it is not the focused window, and shows it only once painted', () => {
    const options = consoleWindowOptions({ preloadPath: '/p.cjs', bounds: { x: 10, y: 20, width: 1600, height: 1000 }, devTools: true, title: 'Sluice' });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1600, height: 1000, show: false });
    expect(options.webPreferences?.backgroundThrottling).toBe(false);
    expect(options.webPreferences?.sandbox).toBe(true);
    expect(options.webPreferences?.devTools).toBe(true);
  });
});

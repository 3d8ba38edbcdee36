import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { Rect } from './displays';

/**
 * The webPreferences of every window, after Electron's security checklist: isolated, sandboxed,
 * no Node in the page or its workers or frames, web security on, no insecure content, no
 * <webview>, no experimental features. The only way out of the page is the preload's bridge.
 */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
    // A wall screen behind another window must keep its numbers live.
    backgroundThrottling: false,
  };
}

export interface ConsoleWindowInput {
  preloadPath: string;
  bounds: Rect;
  devTools: boolean;
  title: string;
}

/** A console window: dark until first paint (no white flash in a dark room), then shown. */
export function consoleWindowOptions(input: ConsoleWindowInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: 1024,
    minHeight: 640,
    title: input.title,
    show: false,
    backgroundColor: '#0b0f14',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(input.preloadPath, input.devTools),
  };
}

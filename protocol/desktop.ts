import type { Alert } from './console';

/**
 * The desktop shell's bridge: what Electron's preload exposes to the console as
 * `window.sluiceDesktop`. Type-only (no runtime code, no DOM, no Node), so the renderer and
 * `electron/` share one definition and the renderer's bundle gains nothing from it.
 */

/** One alert worth a native notification. Critical ones make a sound. */
export interface DesktopAlertNotice {
  alertId: string;
  severity: Alert['severity'];
  title: string;
  body: string;
  drill: boolean;
}

export type ServerUrlResult = { ok: true; serverUrl: string } | { ok: false; error: 'invalid_url' | 'insecure_url' | 'refused'; message: string };

export interface SluiceDesktop {
  /** Bumped when the bridge changes shape. */
  readonly bridgeVersion: 1;
  /** Shows a native notification; resolves false when the shell refused or cannot show one. */
  notifyAlert(notice: DesktopAlertNotice): Promise<boolean>;
  /** Flashes this window in the taskbar until the operator looks at it. */
  flashFrame(): Promise<void>;
  /** The server this desktop connects to (remembered across starts), or null before the first run. */
  getServerUrl(): Promise<string | null>;
  /** Remembers a new server (only the connect screen may): the console loads against it. */
  setServerUrl(url: string): Promise<ServerUrlResult>;
  /** Wall mode: full screen, kiosk, on the chosen display. Resolves with the state now in force. */
  setWallMode(on: boolean): Promise<boolean>;
}

/** The IPC channels behind the bridge, with each one's payload and answer. */
export interface DesktopIpc {
  'sluice:alert:notify': { payload: DesktopAlertNotice; answer: boolean };
  'sluice:window:flash': { payload: null; answer: void };
  'sluice:server:get': { payload: null; answer: string | null };
  'sluice:server:set': { payload: string; answer: ServerUrlResult };
  'sluice:wall:set': { payload: boolean; answer: boolean };
}

export type DesktopChannel = keyof DesktopIpc;

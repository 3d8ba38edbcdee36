import { isAppOrigin } from './appUrl';

/**
 * Session permission requests and checks: every one is denied, except notifications for the
 * bundled pages (the console falls back to the Web Notifications API if the bridge is missing).
 * Camera, microphone, geolocation, clipboard, HID, serial, MIDI, openExternal, fullscreen by script: no.
 */
export function mayGrantPermission(permission: string, requestingUrlOrOrigin: string | undefined): boolean {
  return permission === 'notifications' && isAppOrigin(requestingUrlOrOrigin);
}

import type { SluiceDesktop } from '../../protocol/desktop';

declare global {
  interface Window {
    /** Exposed by the Electron shell's preload; absent in a plain browser. */
    sluiceDesktop?: SluiceDesktop;
  }
}

/** The desktop shell's bridge when the console runs inside it, else null (a plain browser). */
export function desktopBridge(): SluiceDesktop | null {
  const bridge = typeof window === 'undefined' ? undefined : window.sluiceDesktop;
  return bridge && bridge.bridgeVersion === 1 ? bridge : null;
}

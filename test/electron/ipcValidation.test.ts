import { describe, expect, it } from 'vitest';
import { CONNECT_URL, CONSOLE_URL } from '../../electron/main/appUrl';
import { admitIpc, isTrustedSender, parsePayload } from '../../electron/main/ipcValidation';
import { CHANNELS } from '../../electron/shared/channels';

const consolePage = { url: `${CONSOLE_URL}?lang=en`, isMainFrame: true };
const notice = { alertId: 'store_down:node-a@1', severity: 'critical', title: 'CRITICAL — Sluice', body: 'Store down', drill: false };

describe('IPC validation', () => {
  it('accepts a well-formed alert notice from the console page', () => {
    expect(admitIpc(CHANNELS.notifyAlert, consolePage, notice)).toEqual({ ok: true, value: notice });
  });

  it('refuses malformed payloads', () => {
    const malformed: unknown[] = [
      undefined,
      null,
      'critical',
      [notice],
      { ...notice, severity: 'apocalyptic' },
      { ...notice, alertId: '' },
      { ...notice, alertId: 'x'.repeat(129) },
      { ...notice, title: 42 },
      { ...notice, body: 'x'.repeat(1001) },
      { ...notice, drill: 'no' },
      { ...notice, extra: true },
      { alertId: 'a', severity: 'info', title: 't', body: 'b' },
      Object.assign(Object.create({ polluted: true }) as object, notice),
    ];
    for (const payload of malformed) expect(parsePayload(CHANNELS.notifyAlert, payload).ok, JSON.stringify(payload)).toBe(false);
    expect(parsePayload(CHANNELS.setWallMode, 'yes').ok).toBe(false);
    expect(parsePayload(CHANNELS.setWallMode, 1).ok).toBe(false);
    expect(parsePayload(CHANNELS.setServerUrl, { url: 'https://x' }).ok).toBe(false);
    expect(parsePayload(CHANNELS.setServerUrl, 'x'.repeat(2049)).ok).toBe(false);
    expect(parsePayload(CHANNELS.getServerUrl, 'please').ok).toBe(false);
    expect(parsePayload(CHANNELS.flashFrame, null)).toEqual({ ok: true, value: null });
  });

  it('refuses senders that are not the main frame of a bundled page allowed on the channel', () => {
    expect(isTrustedSender(CHANNELS.notifyAlert, { url: 'https://sluice.example.go.kr/console/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(CHANNELS.notifyAlert, { url: CONSOLE_URL, isMainFrame: false })).toBe(false);
    expect(isTrustedSender(CHANNELS.notifyAlert, { url: undefined, isMainFrame: true })).toBe(false);
    expect(isTrustedSender(CHANNELS.notifyAlert, { url: 'sluice://evil/console/index.html', isMainFrame: true })).toBe(false);
    // Only the connect screen may point the desktop at another server.
    expect(isTrustedSender(CHANNELS.setServerUrl, consolePage)).toBe(false);
    expect(isTrustedSender(CHANNELS.setServerUrl, { url: CONNECT_URL, isMainFrame: true })).toBe(true);
    expect(isTrustedSender(CHANNELS.getServerUrl, consolePage)).toBe(true);
    const refused = admitIpc(CHANNELS.notifyAlert, { url: 'https://evil.example/', isMainFrame: true }, notice);
    expect(refused.ok).toBe(false);
  });
});

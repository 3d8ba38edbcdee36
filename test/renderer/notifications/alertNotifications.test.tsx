// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../../protocol';
import type { DesktopAlertNotice, SluiceDesktop } from '../../../protocol/desktop';
import { alertsToAnnounce, ANNOUNCE_GRACE_MS } from '../../../renderer/notifications/alertNotices';
import { useAlertNotifications } from '../../../renderer/notifications/useAlertNotifications';
import { renderConsole } from '../support/renderConsole';

const NOW = Date.UTC(2021, 7, 9, 11, 5, 0);

function alert(patch: Partial<Alert> = {}): Alert {
  return {
    id: 'store_down:node-a@1',
    rule: 'store_down',
    subject: 'node-a',
    severity: 'critical',
    message: 'Node node-a cannot reach the redis store: nobody is admitted',
    params: {},
    raisedAt: NOW,
    resolvedAt: null,
    ackedBy: null,
    ackedAt: null,
    drill: false,
    ...patch,
  };
}

function fakeBridge(): SluiceDesktop & { notices: DesktopAlertNotice[]; flashes: number } {
  const bridge = {
    bridgeVersion: 1 as const,
    notices: [] as DesktopAlertNotice[],
    flashes: 0,
    notifyAlert: async (notice: DesktopAlertNotice) => {
      bridge.notices.push(notice);
      return true;
    },
    flashFrame: async () => {
      bridge.flashes++;
    },
    getServerUrl: async () => null,
    setServerUrl: async () => ({ ok: false as const, error: 'refused' as const, message: '' }),
    setWallMode: async (on: boolean) => on,
  };
  return bridge;
}

function Announcer() {
  useAlertNotifications();
  return null;
}

afterEach(() => {
  cleanup();
  delete window.sluiceDesktop;
  vi.unstubAllGlobals();
});

describe('which alerts are announced', () => {
  it('announces open, unacknowledged alerts raised since the console opened (with a grace), once each', () => {
    const since = NOW - ANNOUNCE_GRACE_MS;
    const alerts = [
      alert({ id: 'new' }),
      alert({ id: 'old', raisedAt: since - 1 }),
      alert({ id: 'resolved', resolvedAt: NOW }),
      alert({ id: 'acked', ackedBy: 'chief', ackedAt: NOW }),
      alert({ id: 'seen' }),
    ];
    expect(alertsToAnnounce(alerts, new Set(['seen']), since).map((a) => a.id)).toEqual(['new']);
  });
});

describe('alert notifications in the console', () => {
  it('sends a new critical alert to the desktop bridge once, with a taskbar flash, and not again on its ack', async () => {
    const bridge = fakeBridge();
    window.sluiceDesktop = bridge;
    const { store } = renderConsole(<Announcer />, { clock: { now: NOW } });
    await act(async () => store.receiveAlerts([alert()]));
    await act(async () => store.receiveAlerts([alert({ ackedBy: 'chief', ackedAt: NOW + 1000 })]));
    expect(bridge.notices).toEqual([
      { alertId: 'store_down:node-a@1', severity: 'critical', title: 'CRITICAL — Sluice situation room', body: alert().message, drill: false },
    ]);
    expect(bridge.flashes).toBe(1);
  });

  it('marks a drill alert as a drill in its title, and does not flash for a warning', async () => {
    const bridge = fakeBridge();
    window.sluiceDesktop = bridge;
    const { store } = renderConsole(<Announcer />, { clock: { now: NOW } });
    await act(async () => store.receiveAlerts([alert({ id: 'w', severity: 'warning', drill: true })]));
    expect(bridge.notices.map((n) => n.title)).toEqual(['DRILL · WARNING — Sluice situation room']);
    expect(bridge.flashes).toBe(0);
  });

  it('uses Web Notifications without the bridge, when the operator allowed them', async () => {
    const shown: { title: string; options: NotificationOptions }[] = [];
    class FakeNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission = vi.fn(async () => 'granted');
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, options });
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    const { store } = renderConsole(<Announcer />, { clock: { now: NOW } });
    await act(async () => store.receiveAlerts([alert()]));
    expect(shown).toEqual([
      { title: 'CRITICAL — Sluice situation room', options: { body: alert().message, tag: alert().id, requireInteraction: true, silent: false } },
    ]);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
  });
});

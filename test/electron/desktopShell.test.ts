import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveAsset } from '../../electron/main/appAssets';
import { desktopCorsResponse } from '../../electron/main/desktopCors';
import { chooseWallDisplay, restoreBounds, secondWindowDisplay, type DisplayFacts } from '../../electron/main/displays';
import { menuTemplate } from '../../electron/main/menuTemplate';
import { alertNotificationOptions } from '../../electron/main/notificationOptions';
import { mayGrantPermission } from '../../electron/main/permissions';
import { parseSettings, serialiseSettings } from '../../electron/main/settings';

const desk: DisplayFacts = { id: 1, primary: true, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const wall: DisplayFacts = {
  id: 2,
  primary: false,
  bounds: { x: 1920, y: 0, width: 3840, height: 2160 },
  workArea: { x: 1920, y: 0, width: 3840, height: 2160 },
};

describe('display choice', () => {
  it('puts wall mode on the chosen display, else on the one that is not the desk', () => {
    expect(chooseWallDisplay([desk, wall], 1)?.id).toBe(1);
    expect(chooseWallDisplay([desk, wall], null)?.id).toBe(2);
    expect(chooseWallDisplay([desk, wall], 99)?.id).toBe(2);
    expect(chooseWallDisplay([desk], 2)?.id).toBe(1);
    expect(chooseWallDisplay([], null)).toBeNull();
  });

  it('opens a second window on the other monitor', () => {
    expect(secondWindowDisplay([desk, wall], { x: 100, y: 100, width: 1600, height: 900 })?.id).toBe(2);
    expect(secondWindowDisplay([desk, wall], { x: 2000, y: 100, width: 1600, height: 900 })?.id).toBe(1);
    expect(secondWindowDisplay([desk], { x: 100, y: 100, width: 1600, height: 900 })?.id).toBe(1);
  });

  it('restores remembered bounds only when they are still on an attached display', () => {
    const onWall = { x: 2200, y: 100, width: 1600, height: 1000 };
    expect(restoreBounds(onWall, [desk, wall])).toEqual(onWall);
    expect(restoreBounds(onWall, [desk])).toEqual({ x: 160, y: 20, width: 1600, height: 1000 });
    expect(restoreBounds(null, [desk])).toEqual({ x: 160, y: 20, width: 1600, height: 1000 });
  });
});

describe('permissions', () => {
  it('grants notifications to the bundled pages and denies everything else', () => {
    expect(mayGrantPermission('notifications', 'sluice://app/console/index.html')).toBe(true);
    expect(mayGrantPermission('notifications', 'sluice://app')).toBe(true);
    expect(mayGrantPermission('notifications', 'https://evil.example/')).toBe(false);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'midiSysex']) {
      expect(mayGrantPermission(permission, 'sluice://app/console/index.html'), permission).toBe(false);
    }
  });
});

describe('bundled pages', () => {
  const roots = { console: '/opt/sluice/console', connect: '/opt/sluice/electron/connect' };
  it('serves files from each page folder and nothing outside them', () => {
    expect(resolveAsset('sluice://app/console/index.html', roots)).toBe(join('/opt/sluice/console/index.html'));
    expect(resolveAsset('sluice://app/console/', roots)).toBe(join('/opt/sluice/console/index.html'));
    expect(resolveAsset('sluice://app/console/assets/index-abc.js', roots)).toBe(join('/opt/sluice/console/assets/index-abc.js'));
    expect(resolveAsset('sluice://app/connect/connect.js', roots)).toBe(join('/opt/sluice/electron/connect/connect.js'));
    for (const url of [
      'sluice://app/console/%2e%2e/%2e%2e/etc/passwd',
      'sluice://app/console/..%2fsecrets',
      'sluice://other/console/index.html',
      'sluice://app/etc/passwd',
      'sluice://app/console/a%00.js',
      'sluice://app/console/..%5c..%5cwin.ini',
    ]) {
      expect(resolveAsset(url, roots), url).toBeNull();
    }
    expect(contentTypeOf('/x/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/font.woff2')).toBe('font/woff2');
  });
});

describe('CORS for the configured server', () => {
  it('lets the app origin (only) call the configured server, and answers its preflight', () => {
    const server = 'https://sluice.example.go.kr';
    const preflight = desktopCorsResponse(
      { url: `${server}/api/v1/console/login`, method: 'OPTIONS', statusCode: 404, responseHeaders: { 'access-control-allow-origin': ['*'] } },
      server,
    );
    expect(preflight?.statusLine).toBe('HTTP/1.1 204 No Content');
    expect(preflight?.responseHeaders['Access-Control-Allow-Origin']).toEqual(['sluice://app']);
    expect(preflight?.responseHeaders['access-control-allow-origin']).toBeUndefined();
    const post = desktopCorsResponse({ url: `${server}/api/v1/console/login`, method: 'POST', statusCode: 401, responseHeaders: {} }, server);
    expect(post?.statusLine).toBeUndefined();
    expect(desktopCorsResponse({ url: 'https://other.example/api', method: 'GET', statusCode: 200, responseHeaders: {} }, server)).toBeNull();
    expect(desktopCorsResponse({ url: `${server}/x`, method: 'GET', statusCode: 200, responseHeaders: {} }, null)).toBeNull();
  });
});

describe('settings and notifications', () => {
  it('remembers the server and bounds, and drops what a hand edit broke', () => {
    const saved = { serverUrl: 'https://sluice.example.go.kr', bounds: { x: 1, y: 2, width: 1600, height: 1000 }, maximized: true, wallDisplayId: 2 };
    expect(parseSettings(serialiseSettings(saved))).toEqual(saved);
    expect(parseSettings('{"serverUrl":"javascript:alert(1)","bounds":{"x":"a"},"wallDisplayId":1.5}')).toEqual({
      serverUrl: null,
      bounds: null,
      maximized: false,
      wallDisplayId: null,
    });
    expect(parseSettings('{cut sho')).toEqual({ serverUrl: null, bounds: null, maximized: false, wallDisplayId: null });
    expect(parseSettings(null).serverUrl).toBeNull();
  });

  it('sounds a critical alert and keeps it on screen; others arrive silently', () => {
    const critical = alertNotificationOptions({ alertId: 'a', severity: 'critical', title: 'CRITICAL — Sluice', body: 'Store down', drill: false });
    expect(critical).toMatchObject({ silent: false, urgency: 'critical', timeoutType: 'never', title: 'CRITICAL — Sluice', body: 'Store down' });
    expect(alertNotificationOptions({ alertId: 'b', severity: 'warning', title: 'W', body: '', drill: false })).toMatchObject({
      silent: true,
      urgency: 'normal',
    });
  });

  it('offers wall mode, its display and a second window in the menu', () => {
    const calls: string[] = [];
    const template = menuTemplate(
      { wallMode: true, wallDisplayId: 2, displays: [desk, wall], devTools: false, isMac: false },
      {
        toggleWallMode: () => calls.push('wall'),
        chooseWallDisplay: (id) => calls.push(`display ${id}`),
        openSecondWindow: () => calls.push('second'),
        changeServer: () => calls.push('server'),
      },
    );
    const items = template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : []));
    const wallItem = items.find((i) => i.label === 'Wall Mode');
    expect(wallItem?.checked).toBe(true);
    const displays = items.find((i) => i.label === 'Wall Display')?.submenu;
    expect(Array.isArray(displays) && displays.map((d) => d.checked)).toEqual([false, true]);
    const click = (label: string) => (items.find((i) => i.label?.startsWith(label))?.click as () => void)();
    click('Wall Mode');
    click('New Console Window');
    click('Change Server');
    expect(calls).toEqual(['wall', 'second', 'server']);
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});

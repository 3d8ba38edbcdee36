// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HeadlineTiles } from '../../../../renderer/panels/headline/HeadlineTiles';
import { ConnectionIndicator } from '../../../../renderer/panels/status-bar/ConnectionIndicator';
import { craftSnapshot } from '../../support/craftSnapshot';
import { renderConsole } from '../../support/renderConsole';

afterEach(cleanup);

const TILES = ['concurrency', 'depth', 'eta', 'admitted', 'bookings', 'seats'];

/** The tiles with the header's connection indicator, as the console shows them together. */
const renderWithIndicator = () =>
  renderConsole(
    <>
      <ConnectionIndicator />
      <HeadlineTiles />
    </>,
  );

describe('headline tiles', () => {
  it('show the six numbers in Korean formats, live concurrency as the hero', () => {
    const { store } = renderConsole(<HeadlineTiles />, { language: 'ko' });
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot());
    });
    expect(screen.getByTestId('tile-concurrency-value').textContent).toBe('194,120');
    expect(screen.getByTestId('tile-concurrency').className).toContain('tile-hero');
    expect(screen.getByTestId('tile-concurrency').querySelector('.tile-sub')?.textContent).toBe('대기 184,320 · 입장 허가 0 · 진행 9,800');
    expect(screen.getByTestId('tile-depth-value').textContent).toBe('201,500');
    expect(screen.getByTestId('tile-eta-value').textContent).toBe('30–40분');
    expect(screen.getByTestId('tile-eta').querySelector('.tile-sub')?.textContent).toBe('30분 – 40분');
    expect(screen.getByTestId('tile-admitted').textContent).toContain('설정 100/초');
    expect(screen.getByTestId('tile-seats-value').textContent).toBe('1,234,567');
    for (const id of TILES) expect(screen.getByTestId(`tile-${id}`).dataset.stale).toBe('false');
  });

  it('splits live concurrency into parts that add up to it, admitted-but-not-yet-in included', () => {
    const { store } = renderConsole(<HeadlineTiles />);
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ concurrency: { waitingLive: 12, active: 0, total: 24 } }));
    });
    expect(screen.getByTestId('tile-concurrency-value').textContent).toBe('24');
    expect(screen.getByTestId('tile-concurrency').querySelector('.tile-sub')?.textContent).toBe('12 waiting · 12 admitted, not in yet · 0 in session');
  });

  it('shows live waiting estimated from sampled heartbeats with its error bound, and counts it among the waiting', () => {
    const { store } = renderConsole(<HeadlineTiles />);
    const waitingLiveEstimate = { value: 3200, low: 2580, high: 3820, sampled: 100, sampleEvery: 32 };
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ concurrency: { waitingLive: 12, active: 5, total: 3200 + 12 + 5 + 7, waitingLiveEstimate } }));
    });
    expect(screen.getByTestId('tile-concurrency-value').textContent).toBe('3,224');
    expect(screen.getByTestId('tile-concurrency').querySelector('.tile-sub')?.textContent).toBe('3,212 waiting · 7 admitted, not in yet · 5 in session');
    expect(screen.getByTestId('tile-concurrency-note').textContent).toBe('≈ 3,200 ± 620 live (estimated from sampled heartbeats)');
  });

  it('show each number’s trend over the last minute', () => {
    const { store, clock } = renderConsole(<HeadlineTiles />);
    const start = clock.now;
    act(() => {
      store.setLink('connected');
      for (let i = 0; i <= 90; i++) {
        clock.now = start + i * 1000;
        store.receiveSnapshot(
          craftSnapshot({ at: clock.now, queue: { depth: 200_000 + i * 100, eta: { minSec: 500, maxSec: 600 + i * 10 } }, booking: { bookedPerSec: 200 - i } }),
        );
      }
    });
    const depthTrend = screen.getByTestId('tile-depth').querySelector('[data-trend]');
    expect(depthTrend?.getAttribute('data-trend')).toBe('up');
    expect(depthTrend?.textContent).toContain('up 6,000 in 1 min');
    expect(depthTrend?.className).toContain('trend-bad');
    const bookingTrend = screen.getByTestId('tile-bookings').querySelector('[data-trend]');
    expect(bookingTrend?.getAttribute('data-trend')).toBe('down');
    expect(bookingTrend?.className).toContain('trend-bad');
    expect(screen.getByTestId('tile-eta').querySelector('[data-trend]')?.textContent).toContain('up 10 min in 1 min');
    expect(screen.getByTestId('tile-seats').querySelector('[data-trend]')?.getAttribute('data-trend')).toBe('flat');
    expect(screen.getByTestId('tile-depth').querySelector('svg polyline')).not.toBeNull();
  });

  it('grey out and say STALE when no snapshot came for more than 3 s, and recover on the next one', () => {
    const { store, clock } = renderWithIndicator();
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ at: clock.now }));
    });
    expect(screen.getByTestId('connection').dataset.status).toBe('live');
    act(() => {
      clock.now += 3000;
      store.tick();
    });
    expect(screen.getByTestId('connection').dataset.status).toBe('live');
    act(() => {
      clock.now += 2500;
      store.tick();
    });
    expect(screen.getByTestId('connection').dataset.status).toBe('stale');
    expect(screen.getByTestId('connection').textContent).toContain('stale for 5 s');
    for (const id of TILES) {
      const tile = screen.getByTestId(`tile-${id}`);
      expect(tile.dataset.stale).toBe('true');
      expect(tile.className).toContain('is-stale');
      expect(tile.textContent).toContain('STALE');
    }
    // The figures stay readable (what was last known), but marked.
    expect(screen.getByTestId('tile-concurrency-value').textContent).toBe('194,120');

    act(() => store.setLink('disconnected', 'transport close'));
    act(() => {
      clock.now += 4000;
      store.tick();
    });
    expect(screen.getByTestId('connection').dataset.status).toBe('reconnecting');
    expect(screen.getByTestId('connection').textContent).toContain('stale for 9 s');

    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ at: clock.now }));
    });
    expect(screen.getByTestId('connection').dataset.status).toBe('live');
    expect(screen.getByTestId('tile-depth').dataset.stale).toBe('false');
  });

  it('say STORE DOWN and grey out while the snapshots come from a node that cannot reach the store, and recover when it can', () => {
    const { store, clock } = renderWithIndicator();
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ at: clock.now, store: { kind: 'redis', up: false, latencyMs: null } }));
    });
    const indicator = screen.getByTestId('connection');
    expect(indicator.dataset.status).toBe('store-down');
    expect(indicator.getAttribute('role')).toBe('alert');
    expect(indicator.textContent).toBe("⚠ STORE DOWN · this node's own figures only; nobody is admitted");
    for (const id of TILES) expect(screen.getByTestId(`tile-${id}`).dataset.stale).toBe('true');
    act(() => store.receiveSnapshot(craftSnapshot({ at: clock.now + 1000 })));
    expect(screen.getByTestId('connection').dataset.status).toBe('live');
    for (const id of TILES) expect(screen.getByTestId(`tile-${id}`).dataset.stale).toBe('false');
  });
});

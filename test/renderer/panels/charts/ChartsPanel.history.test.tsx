// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { toTrendPoint } from '../../../../protocol';
import { ChartsPanel } from '../../../../renderer/panels/charts/ChartsPanel';
import type { ChartWindow } from '../../../../renderer/series/timeWindow';
import { craftSnapshot } from '../../support/craftSnapshot';
import { renderConsole } from '../../support/renderConsole';

const T0 = Date.UTC(2021, 7, 9, 20, 0, 0);
const HOUR = 3600_000;

function Panel() {
  const [window, setWindow] = useState<ChartWindow>('15m');
  return <ChartsPanel window={window} onWindowChange={setWindow} />;
}

const attr = (id: string, name: string) => Number(screen.getByTestId(`chart-${id}`).getAttribute(name));

describe('the charts over a long window', () => {
  afterEach(cleanup);

  it('a window the live seconds hold asks the server nothing', async () => {
    const { store, commands } = renderConsole(<Panel />, { clock: { now: T0 } });
    // What the server sends on connect: the last 15 minutes, 900 seconds.
    act(() => {
      store.setLink('connected');
      store.receiveHistory(Array.from({ length: 900 }, (_, i) => craftSnapshot({ at: T0 - (899 - i) * 1000 })));
    });
    fireEvent.click(screen.getByTestId('window-5m'));
    fireEvent.click(screen.getByTestId('window-15m'));
    await act(() => Promise.resolve());
    expect(commands.ranges).toEqual([]);
    expect(attr('concurrency', 'data-first')).toBeGreaterThanOrEqual(T0 - 15 * 60_000);
  });

  it('picking 6 h asks the server for that window once, then plots it up to the newest live second', async () => {
    const harness = renderConsole(<Panel />, { clock: { now: T0 } });
    const { store, commands } = harness;
    // A console that has been open ten minutes: 600 live seconds ending at T0.
    const live = Array.from({ length: 600 }, (_, i) => craftSnapshot({ at: T0 - (599 - i) * 1000, queue: { depth: 100 + i } }));
    // The server's 60 s tier for the last eight hours.
    commands.pastPoints = Array.from({ length: 8 * 60 }, (_, i) => toTrendPoint(craftSnapshot({ at: T0 - 8 * HOUR + i * 60_000, queue: { depth: 7 } })));
    act(() => {
      store.setLink('connected');
      store.receiveHistory(live);
    });
    // 15 min reach past the ten live minutes: only those five older minutes' worth is asked for.
    await waitFor(() => expect(commands.ranges).toEqual([{ from: T0 - 15 * 60_000, to: T0 }]));
    await waitFor(() => expect(attr('concurrency', 'data-first')).toBeLessThan(T0 - 10 * 60_000));
    expect(attr('concurrency', 'data-first')).toBeGreaterThanOrEqual(T0 - 15 * 60_000);

    fireEvent.click(screen.getByTestId('window-6h'));
    await waitFor(() => expect(commands.ranges).toHaveLength(2));
    expect(commands.ranges[1]).toEqual({ from: T0 - 6 * HOUR, to: T0 });
    await waitFor(() => expect(attr('concurrency', 'data-first')).toBeLessThan(T0 - 5 * HOUR));
    for (const chart of ['concurrency', 'flow', 'latency', 'bookings']) {
      // 6 h in at most 200 points (108 s buckets): the first whole bucket after the window's start, the last within two buckets of now.
      expect(attr(chart, 'data-points')).toBeLessThanOrEqual(200);
      expect(attr(chart, 'data-points')).toBeGreaterThan(180);
      expect(attr(chart, 'data-first')).toBeGreaterThanOrEqual(T0 - 6 * HOUR);
      expect(attr(chart, 'data-first')).toBeLessThan(T0 - 6 * HOUR + 2 * 108_000);
      expect(attr(chart, 'data-last')).toBeGreaterThan(T0 - 2 * 108_000);
      expect(attr(chart, 'data-last')).toBeLessThanOrEqual(T0);
    }

    // A new live second does not fetch again.
    act(() => store.receiveSnapshot(craftSnapshot({ at: T0 + 1000 })));
    expect(commands.ranges).toHaveLength(2);
    // Back to 15 min: the 6 h already fetched covers it, no fetch.
    fireEvent.click(screen.getByTestId('window-15m'));
    expect(commands.ranges).toHaveLength(2);
    expect(attr('concurrency', 'data-first')).toBeGreaterThanOrEqual(T0 - 15 * 60_000);
  });
});

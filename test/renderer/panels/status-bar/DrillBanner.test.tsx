// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DrillBanner } from '../../../../renderer/panels/status-bar/DrillBanner';
import { GatePill } from '../../../../renderer/panels/status-bar/GatePill';
import { ModeTag } from '../../../../renderer/panels/status-bar/ModeTag';
import { craftSnapshot } from '../../support/craftSnapshot';
import { renderConsole } from '../../support/renderConsole';

afterEach(cleanup);

const ui = (
  <>
    <DrillBanner />
    <ModeTag />
    <GatePill />
  </>
);

describe('drill banner and mode tag', () => {
  it('show a drill banner with its scenario and 1:100 scale badge while a drill runs, and no quiet tag', () => {
    const { store } = renderConsole(ui, { language: 'ko' });
    act(() =>
      store.receiveSnapshot(
        craftSnapshot({
          mode: 'training',
          drill: { running: true, id: 'd1', scenario: 'july-19-surge', startedAt: Date.UTC(2021, 7, 9, 11, 0, 0), scale: 100 },
        }),
      ),
    );
    const banner = screen.getByTestId('drill-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('모의훈련 중 — 실제 상황 아님');
    expect(banner.textContent).toContain('july-19-surge');
    expect(banner.textContent).toContain('20:00:00');
    expect(screen.getByTestId('scale-badge').textContent).toBe('축척 1:100');
    expect(screen.queryByTestId('training-tag')).toBeNull();
  });

  it('show only a discreet TRAINING tag in training mode without a drill, and nothing in live mode', () => {
    const { store } = renderConsole(ui);
    act(() => store.receiveSnapshot(craftSnapshot({ mode: 'training' })));
    expect(screen.queryByTestId('drill-banner')).toBeNull();
    expect(screen.getByTestId('training-tag').textContent).toBe('TRAINING');
    act(() => store.receiveSnapshot(craftSnapshot({ at: Date.UTC(2021, 7, 9, 11, 5, 1), mode: 'live' })));
    expect(screen.queryByTestId('training-tag')).toBeNull();
    expect(screen.queryByTestId('drill-banner')).toBeNull();
  });

  it('follow a drill event at once, before the next snapshot', () => {
    const { store } = renderConsole(ui);
    act(() => store.receiveSnapshot(craftSnapshot({ mode: 'training' })));
    act(() => store.receiveDrill({ running: true, id: 'd2', scenario: 'phone-outage', startedAt: null, scale: null }));
    expect(screen.getByTestId('drill-banner').textContent).toContain('phone-outage');
    expect(screen.queryByTestId('scale-badge')).toBeNull();
  });

  it('name the gate state in words and shape, not colour alone', () => {
    const { store } = renderConsole(ui);
    act(() => store.receiveSnapshot(craftSnapshot({ gate: 'closed' })));
    expect(screen.getByTestId('gate').textContent).toContain('■');
    expect(screen.getByTestId('gate').textContent).toContain('CLOSED');
  });
});

// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Dashboard } from '../../../renderer/shell/Dashboard';
import { craftSnapshot } from '../support/craftSnapshot';
import { renderConsole } from '../support/renderConsole';

afterEach(cleanup);

describe('dashboard', () => {
  it('renders before the first snapshot, then fills every panel from one', () => {
    const { store } = renderConsole(<Dashboard wall={false} onToggleWall={() => {}} onLogout={() => {}} />);
    expect(screen.getByTestId('connection').dataset.status).toBe('connecting');
    expect(screen.getByTestId('tile-concurrency-value').textContent).toBe('—');
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ mode: 'training' }));
    });
    expect(screen.getByTestId('tile-concurrency-value').textContent).toBe('194,120');
    expect(screen.getByTestId('training-tag')).toBeTruthy();
    expect(screen.getAllByTestId('node')[0]?.textContent).toContain('node-a');
    expect(screen.getByTestId('store-status').dataset.up).toBe('true');
    expect(screen.getByTestId('lever-admissionRatePerSec')).toBeTruthy();
  });

  it('in wall mode shows the numbers and lights but no controls, note box or acknowledge buttons', () => {
    const { store } = renderConsole(<Dashboard wall onToggleWall={() => {}} onLogout={() => {}} />);
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot());
      store.receiveAlerts([
        {
          id: 'a1',
          rule: 'eta_long',
          subject: null,
          severity: 'warning',
          message: 'ETA above 1 h',
          params: {},
          raisedAt: 1,
          resolvedAt: null,
          ackedBy: null,
          ackedAt: null,
          drill: false,
        },
      ]);
    });
    expect(screen.getByTestId('dashboard').className).toContain('wall');
    expect(screen.queryByTestId('controls')).toBeNull();
    expect(screen.queryByTestId('note-input')).toBeNull();
    expect(screen.getByTestId('alert-a1').querySelector('button')).toBeNull();
    expect(screen.getByTestId('provider-lights')).toBeTruthy();
  });

  it('shows the drill banner at the top and bottom of the screen', () => {
    const { store } = renderConsole(<Dashboard wall={false} onToggleWall={() => {}} onLogout={() => {}} />);
    act(() => store.receiveSnapshot(craftSnapshot({ mode: 'training', drill: { running: true, id: 'd', scenario: 's', startedAt: 1, scale: 100 } })));
    expect(screen.getAllByTestId('drill-banner')).toHaveLength(2);
    expect(screen.getByTestId('dashboard').className).toContain('drilling');
  });

  it('switches the interface to Korean and back', () => {
    const { store } = renderConsole(<Dashboard wall={false} onToggleWall={() => {}} onLogout={() => {}} />);
    act(() => store.receiveSnapshot(craftSnapshot()));
    fireEvent.click(screen.getByTestId('toggle-language'));
    expect(screen.getByTestId('tile-concurrency').textContent).toContain('현재 동시 접속');
    fireEvent.click(screen.getByTestId('toggle-language'));
    expect(screen.getByTestId('tile-concurrency').textContent).toContain('Live concurrency');
  });
});

// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../../../protocol';
import { ControlsPanel } from '../../../../renderer/panels/controls/ControlsPanel';
import { craftProvider, craftSnapshot } from '../../support/craftSnapshot';
import { renderConsole } from '../../support/renderConsole';

afterEach(cleanup);

function setup(role: 'viewer' | 'commander' | 'trainer' | 'admin', snapshot = craftSnapshot()) {
  const harness = renderConsole(<ControlsPanel />, { role });
  act(() => {
    harness.store.setLink('connected');
    harness.store.receiveSnapshot(snapshot);
  });
  return harness;
}

function typeReason(text: string) {
  fireEvent.change(screen.getByTestId('change-reason'), { target: { value: text } });
}

describe('admission controls', () => {
  it('show a viewer the levers as text, with nothing to press or type', () => {
    const { container } = setup('viewer');
    expect(screen.getByTestId('controls-read-only').textContent).toContain('Read-only');
    expect(screen.getByTestId('value-admissionRatePerSec').textContent).toBe('100');
    expect(screen.getByTestId('value-gate').textContent).toBe('OPEN');
    expect(container.querySelectorAll('input, textarea, select, button')).toHaveLength(0);
  });

  it('are read-only for an admin, and for a trainer outside a drill, editable for a trainer in a drill', () => {
    const admin = setup('admin');
    expect(admin.container.querySelectorAll('input, button')).toHaveLength(0);
    cleanup();
    const trainer = setup('trainer');
    expect(trainer.container.querySelectorAll('input, button')).toHaveLength(0);
    act(() =>
      trainer.store.receiveSnapshot(
        craftSnapshot({ at: Date.UTC(2021, 7, 9, 11, 5, 1), drill: { running: true, id: 'd1', scenario: 'night-2021-08-09', startedAt: 1, scale: 100 } }),
      ),
    );
    expect(screen.getByTestId('lever-admissionRatePerSec')).toBeTruthy();
  });

  it('show before → after, require a reason, and send a safe change after one confirmation', async () => {
    const { commands } = setup('commander');
    expect(screen.getByTestId<HTMLButtonElement>('controls-review').disabled).toBe(true);
    fireEvent.change(screen.getByTestId('lever-admissionRatePerSec'), { target: { value: '80' } });
    fireEvent.click(screen.getByTestId('controls-review'));
    const row = screen.getByTestId('change-admissionRatePerSec');
    expect(row.querySelector('.before')?.textContent).toBe('100');
    expect(row.querySelector('.after')?.textContent).toBe('80');
    expect(screen.queryByTestId('danger-list')).toBeNull();
    const apply = screen.getByTestId<HTMLButtonElement>('change-apply');
    expect(apply.disabled).toBe(true);
    typeReason('ok');
    expect(apply.disabled).toBe(true);
    typeReason('phone carrier slow, easing admission');
    expect(apply.disabled).toBe(false);
    fireEvent.click(apply);
    await waitFor(() => expect(screen.getByTestId('change-applied')).toBeTruthy());
    expect(commands.controls).toEqual([{ patch: { admissionRatePerSec: 80 }, reason: 'phone carrier slow, easing admission' }]);
    expect(screen.queryByTestId('danger-confirm')).toBeNull();
  });

  it('ask a second time before cutting the rate by more than half, and send nothing until then', async () => {
    const { commands } = setup('commander');
    fireEvent.change(screen.getByTestId('lever-admissionRatePerSec'), { target: { value: '40' } });
    fireEvent.click(screen.getByTestId('controls-review'));
    expect(screen.getByTestId('danger-list').textContent).toContain('more than half (100 → 40/s)');
    typeReason('identity providers saturated');
    fireEvent.click(screen.getByTestId('change-apply'));
    expect(screen.getByTestId('danger-confirm').textContent).toContain('Dangerous change');
    expect(commands.controls).toHaveLength(0);
    fireEvent.click(screen.getByTestId('danger-apply'));
    await waitFor(() => expect(commands.controls).toHaveLength(1));
    expect(commands.controls[0]).toEqual({ patch: { admissionRatePerSec: 40 }, reason: 'identity providers saturated' });
  });

  it('ask twice before closing the gate; going back sends nothing', () => {
    const { commands } = setup('commander');
    fireEvent.click(screen.getByTestId('lever-gate-closed'));
    fireEvent.click(screen.getByTestId('controls-review'));
    expect(screen.getByTestId('change-gate').querySelector('.after')?.textContent).toBe('CLOSED');
    expect(screen.getByTestId('danger-list').textContent).toContain('Closing the gate');
    typeReason('store outage');
    fireEvent.click(screen.getByTestId('change-apply'));
    expect(screen.getByTestId('danger-confirm')).toBeTruthy();
    fireEvent.click(screen.getByText('Back', { selector: '.danger-confirm button' }));
    expect(screen.queryByTestId('danger-confirm')).toBeNull();
    expect(commands.controls).toHaveLength(0);
  });

  it('ask twice before disabling the last green provider, but not one of several', async () => {
    const providers = PROVIDER_IDS.map((id) => craftProvider(id, { light: id === 'kakao' || id === 'naver' ? 'green' : 'red' }));
    const { commands } = setup('commander', craftSnapshot({ providers }));
    fireEvent.click(screen.getByTestId('lever-providers.naver.enabled'));
    fireEvent.click(screen.getByTestId('controls-review'));
    expect(screen.queryByTestId('danger-list')).toBeNull();
    fireEvent.click(screen.getByText('Back'));
    fireEvent.click(screen.getByTestId('lever-providers.kakao.enabled'));
    fireEvent.click(screen.getByTestId('controls-review'));
    expect(screen.getByTestId('danger-list').textContent).toContain('last green identity provider (Naver, Kakao)');
    typeReason('both misbehaving');
    fireEvent.click(screen.getByTestId('change-apply'));
    fireEvent.click(screen.getByTestId('danger-apply'));
    await waitFor(() => expect(commands.controls).toHaveLength(1));
    expect(commands.controls[0]?.patch).toEqual({ providers: { naver: { enabled: false }, kakao: { enabled: false } } });
  });

  it('keep the change open and say why when the server refuses it', async () => {
    const { commands } = setup('commander');
    commands.answer = { ok: false, error: 'forbidden', message: 'Your role may not change controls.' };
    fireEvent.change(screen.getByTestId('lever-maxActiveSessions'), { target: { value: '12000' } });
    fireEvent.click(screen.getByTestId('controls-review'));
    typeReason('more room');
    fireEvent.click(screen.getByTestId('change-apply'));
    await waitFor(() => expect(screen.getByTestId('change-error').textContent).toContain('Your role may not change controls.'));
    expect(screen.getByTestId('change-review')).toBeTruthy();
  });

  it('refuse to review a value that is not a number or breaks the auto-throttle bounds', () => {
    setup('commander');
    fireEvent.change(screen.getByTestId('lever-admissionRatePerSec'), { target: { value: '' } });
    expect(screen.getByTestId<HTMLButtonElement>('controls-review').disabled).toBe(true);
    fireEvent.change(screen.getByTestId('lever-admissionRatePerSec'), { target: { value: '100' } });
    fireEvent.change(screen.getByTestId('lever-autoThrottle.minRatePerSec'), { target: { value: '5000' } });
    expect(screen.getByTestId<HTMLButtonElement>('controls-review').disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('minRatePerSec must not exceed maxRatePerSec');
  });

  it('refuse a change while the store is unreachable, saying so, until a snapshot says it is back', () => {
    const { store, clock } = setup('commander');
    fireEvent.change(screen.getByTestId('lever-admissionRatePerSec'), { target: { value: '90' } });
    act(() => store.receiveSnapshot(craftSnapshot({ at: clock.now + 1000, store: { kind: 'redis', up: false, latencyMs: null } })));
    expect(screen.getByTestId('controls-stale').textContent).toBe('The store is unreachable: no change can be saved until it is back.');
    expect(screen.getByTestId<HTMLButtonElement>('controls-review').disabled).toBe(true);
    act(() => store.receiveSnapshot(craftSnapshot({ at: clock.now + 2000 })));
    expect(screen.queryByTestId('controls-stale')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('controls-review').disabled).toBe(false);
  });

  it('refuse a change while the numbers are stale, and lock the levers while one is under review', () => {
    const { store, clock } = setup('commander');
    fireEvent.change(screen.getByTestId('lever-admissionRatePerSec'), { target: { value: '90' } });
    act(() => {
      clock.now += 5000;
      store.tick();
    });
    expect(screen.getByTestId('controls-stale').textContent).toContain('not live');
    expect(screen.getByTestId<HTMLButtonElement>('controls-review').disabled).toBe(true);
    act(() => store.receiveSnapshot(craftSnapshot({ at: clock.now })));
    expect(screen.queryByTestId('controls-stale')).toBeNull();
    fireEvent.click(screen.getByTestId('controls-review'));
    expect(screen.getByTestId<HTMLInputElement>('lever-admissionRatePerSec').closest('fieldset')?.disabled).toBe(true);
  });
});

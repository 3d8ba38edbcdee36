// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS, type AuditEntry } from '../../../../protocol';
import { ControlsPanel } from '../../../../renderer/panels/controls/ControlsPanel';
import { IncidentTimeline } from '../../../../renderer/panels/incident/IncidentTimeline';
import { craftSnapshot } from '../../support/craftSnapshot';
import { renderConsole } from '../../support/renderConsole';

afterEach(cleanup);

const AT = Date.UTC(2021, 7, 9, 11, 5, 13);
const slow = { code: 'autopilot_provider_slow', params: { provider: 'kakao', p95: 2800, target: 1500 }, text: 'kakao p95 2800 ms > 1500 ms target' };

describe('the controls panel says what the auto-throttle is doing', () => {
  it('backing off: the reason in words, the acting node and its last change, for a viewer too', () => {
    const harness = renderConsole(<ControlsPanel />, { role: 'viewer' });
    act(() => {
      harness.store.setLink('connected');
      harness.store.receiveSnapshot(
        craftSnapshot({
          controls: { admissionRatePerSec: 420 },
          autopilot: { mode: 'backing_off', leader: 'node-a', decidedAt: AT, reason: slow, lastChange: { at: AT, from: 600, to: 420 } },
        }),
      );
    });
    const line = screen.getByTestId('autopilot-status');
    expect(line.dataset.mode).toBe('backing_off');
    expect(line.textContent).toBe(
      '▼ Auto-throttle BACKING OFFwhy: Kakao p95 2800 ms > 1500 ms target · acting from node-a · last change 600 → 420/s at 20:05:13',
    );
  });

  it('paused by a commander’s manual change: who, when, and how to hand it back', () => {
    const harness = renderConsole(<ControlsPanel />, { role: 'commander' });
    act(() => {
      harness.store.setLink('connected');
      harness.store.receiveSnapshot(
        craftSnapshot({
          controls: { autoThrottle: { ...DEFAULT_CONTROLS.autoThrottle, enabled: false, pausedBy: 'kim', pausedAt: AT } },
          autopilot: { mode: 'paused', leader: null, decidedAt: null, reason: { code: 'autopilot_paused', params: { by: 'kim' }, text: '' }, lastChange: null },
        }),
      );
    });
    expect(screen.getByTestId('autopilot-status').textContent).toBe(
      '⏸ Auto-throttle PAUSED by kim’s manual rate change at 20:05:13: switch it on again to hand the rate back',
    );
  });

  it('the incident timeline words an autopilot change with its cause', () => {
    const entry: AuditEntry = {
      id: '1-0',
      at: AT,
      kind: 'controls',
      actor: 'autopilot',
      role: null,
      reason: 'rate 600→420: kakao p95 2800 ms > 1500 ms target',
      code: 'autopilot_rate',
      params: { ...slow.params, from: 600, to: 420, cause: 'autopilot_provider_slow', node: 'node-a' },
      drill: false,
    };
    const harness = renderConsole(<IncidentTimeline />, { role: 'viewer' });
    act(() => {
      harness.store.setLink('connected');
      harness.store.receiveSnapshot(craftSnapshot());
      harness.store.receiveAudit([entry]);
    });
    expect(screen.getByTestId('incident').textContent).toContain('Auto-throttle set the rate 600 → 420/s: Kakao p95 2800 ms > 1500 ms target');
  });
});

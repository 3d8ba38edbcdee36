// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../protocol';
import { IncidentTimeline } from '../../../../renderer/panels/incident/IncidentTimeline';
import { timelineMarkdown } from '../../../../renderer/panels/incident/timelineExport';
import { AlertsList } from '../../../../renderer/panels/alerts/AlertsList';
import { renderConsole } from '../../support/renderConsole';

afterEach(cleanup);

const entries: AuditEntry[] = [
  { id: 'e1', at: Date.UTC(2021, 7, 9, 11, 0, 5), kind: 'alert_raised', actor: null, role: null, reason: null, text: 'phone p95 above 3 s', drill: true },
  {
    id: 'e2',
    at: Date.UTC(2021, 7, 9, 11, 2, 0),
    kind: 'controls',
    actor: 'commander',
    role: 'commander',
    reason: 'phone | carrier slow',
    before: { admissionRatePerSec: 100, gate: 'open' },
    after: { admissionRatePerSec: 60, gate: 'open' },
    drill: true,
  },
];

describe('incident timeline', () => {
  it('lists control changes with before → after and reason, newest first, drill-marked', () => {
    const { store } = renderConsole(<IncidentTimeline />);
    act(() => store.receiveAudit(entries));
    const items = screen.getByTestId('timeline').querySelectorAll('li');
    expect(items[0]?.dataset.kind).toBe('controls');
    expect(items[0]?.textContent).toContain('admissionRatePerSec: 100 → 60');
    expect(items[0]?.textContent).toContain('reason: phone | carrier slow');
    expect(items[0]?.textContent).toContain('DRILL');
    expect(items[1]?.textContent).toContain('phone p95 above 3 s');
  });

  it('sends a note and clears the box; a viewer gets no note box', async () => {
    const { commands } = renderConsole(<IncidentTimeline />);
    fireEvent.change(screen.getByTestId('note-input'), { target: { value: 'KT reports a carrier fault' } });
    fireEvent.submit(screen.getByTestId('note-input').closest('form')!);
    await waitFor(() => expect(commands.notes).toEqual(['KT reports a carrier fault']));
    expect(screen.getByTestId<HTMLInputElement>('note-input').value).toBe('');
    cleanup();
    renderConsole(<IncidentTimeline />, { role: 'viewer' });
    expect(screen.queryByTestId('note-input')).toBeNull();
  });

  it('exports Markdown with Seoul times and escaped cells', () => {
    const md = timelineMarkdown(entries, 'Incident timeline', (k) => k);
    expect(md).toContain(
      '| 2021. 08. 09. 20:02:00 | controls | commander (commander) | reason: phone \\| carrier slow — admissionRatePerSec: 100 → 60 | DRILL |',
    );
  });
});

describe('alerts list', () => {
  const alert = {
    id: 'a1',
    rule: 'provider_red',
    subject: 'phone',
    severity: 'critical' as const,
    message: 'phone is red',
    raisedAt: 1,
    resolvedAt: null,
    ackedBy: null,
    ackedAt: null,
    drill: false,
  };

  it('lets a commander acknowledge an open alert, and shows who did', async () => {
    const { store, commands } = renderConsole(<AlertsList />);
    act(() => store.receiveAlerts([alert]));
    expect(screen.getByTestId('alert-a1').textContent).toContain('CRITICAL');
    fireEvent.click(screen.getByText('Acknowledge'));
    await waitFor(() => expect(commands.acks).toEqual(['a1']));
    act(() => store.receiveAlerts([{ ...alert, ackedBy: 'commander', ackedAt: 2 }]));
    expect(screen.getByTestId('alert-a1').textContent).toContain('acked by commander');
    expect(screen.queryByText('Acknowledge')).toBeNull();
  });

  it('gives a viewer no acknowledge button', () => {
    const { store } = renderConsole(<AlertsList />, { role: 'viewer' });
    act(() => store.receiveAlerts([alert]));
    expect(screen.getByTestId('alert-a1')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

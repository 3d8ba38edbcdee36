// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../protocol';
import { IncidentTimeline } from '../../../../renderer/panels/incident/IncidentTimeline';
import { timelineMarkdown } from '../../../../renderer/panels/incident/timelineExport';
import { AlertsList } from '../../../../renderer/panels/alerts/AlertsList';
import { craftSnapshot } from '../../support/craftSnapshot';
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
    const md = timelineMarkdown(
      entries,
      'Incident timeline',
      (k) => k,
      (e) => e.text ?? '',
    );
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
    params: {},
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

describe('server messages in the console language', () => {
  const red = {
    id: 'provider_red:kakao@1',
    rule: 'provider_red',
    subject: 'kakao',
    severity: 'critical' as const,
    message: 'Identity provider kakao has been red for 10 s or more',
    params: { provider: 'kakao', sec: 10 },
    raisedAt: Date.UTC(2021, 7, 9, 11, 4, 0),
    resolvedAt: null,
    ackedBy: null,
    ackedAt: null,
    drill: false,
  };

  it('formats an alert from its code and parameters in Korean, with how long it has been firing', () => {
    const { store } = renderConsole(<AlertsList />, { language: 'ko' });
    act(() => {
      store.receiveSnapshot(craftSnapshot({ at: Date.UTC(2021, 7, 9, 11, 6, 5) }));
      store.receiveAlerts([red]);
    });
    const row = screen.getByTestId('alert-provider_red:kakao@1');
    expect(row.querySelector('.alert-message')!.textContent).toBe('본인인증 카카오: 빨간불이 10초 넘게 계속됩니다');
    expect(row.textContent).not.toContain('Identity provider');
    expect(screen.getByTestId('firing-for').textContent).toBe('2분 5초째');
  });

  it('formats the same alert in English on an English console, and an unknown code falls back to the server text', () => {
    const { store } = renderConsole(<AlertsList />, { language: 'en' });
    act(() => store.receiveAlerts([red, { ...red, id: 'x@1', rule: 'from_a_newer_server', message: 'Something new' }]));
    expect(screen.getByTestId('alert-provider_red:kakao@1').querySelector('.alert-message')!.textContent).toBe(
      'Identity provider Kakao has been red for 10 s or more',
    );
    expect(screen.getByTestId('alert-x@1').querySelector('.alert-message')!.textContent).toBe('Something new');
  });

  it('shows an audit entry of an alert in Korean on the timeline and in its Markdown export', () => {
    const entry: AuditEntry = {
      id: 'e1',
      at: Date.UTC(2021, 7, 9, 11, 4, 0),
      kind: 'alert_raised',
      actor: null,
      role: null,
      reason: null,
      text: red.message,
      code: 'provider_red',
      params: red.params,
      ref: red.id,
      drill: false,
    };
    const { store } = renderConsole(<IncidentTimeline />, { language: 'ko' });
    act(() => store.receiveAudit([entry]));
    const shown = screen.getByTestId('timeline').textContent;
    expect(shown).toContain('본인인증 카카오: 빨간불이 10초 넘게 계속됩니다');
    expect(shown).not.toContain('Identity provider');
    const md = timelineMarkdown(
      [entry],
      '상황 기록',
      (k) => k,
      (e) => e.text ?? '',
    );
    expect(md).toContain('| time (KST, UTC+09:00) |');
    expect(md).toContain('| 2021. 08. 09. 20:04:00 |');
  });
});

// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../../../protocol';
import { NoticesPanel } from '../../../../renderer/panels/notices/NoticesPanel';
import { renderConsole } from '../../support/renderConsole';

afterEach(cleanup);

const KAKAO: Notice = {
  id: 'n1',
  severity: 'warning',
  text: { ko: '카카오 인증이 혼잡합니다. PASS를 이용해 주세요', en: 'Kakao verification is congested. Please use PASS.' },
  postedAt: Date.UTC(2021, 7, 9, 11, 2, 0),
  expiresAt: Date.UTC(2021, 7, 9, 11, 32, 0),
};

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('notices panel', () => {
  it('a commander writes Korean and English text, a severity, an expiry and a reason, confirms, and the notice is sent', async () => {
    const { commands } = renderConsole(<NoticesPanel />);
    fireEvent.click(screen.getByTestId('notice-new'));
    type('notice-ko', KAKAO.text.ko);
    expect(screen.getByTestId<HTMLButtonElement>('notice-review').disabled).toBe(true);
    type('notice-en', KAKAO.text.en);
    fireEvent.change(screen.getByTestId('notice-severity'), { target: { value: 'critical' } });
    type('notice-minutes', '45');
    type('notice-reason', 'kakao red since 20:02');
    fireEvent.click(screen.getByTestId('notice-review'));
    expect(screen.getByTestId('notice-confirm').textContent).toContain('45 min');
    expect(commands.notices).toEqual([]);
    fireEvent.click(screen.getByTestId('notice-post'));
    await waitFor(() => expect(commands.notices).toEqual([{ severity: 'critical', text: KAKAO.text, expiresInMin: 45, reason: 'kakao red since 20:02' }]));
    await waitFor(() => expect(screen.queryByTestId('notice-form')).toBeNull());
  });

  it('lists the active notices in both languages and takes one down with a reason', async () => {
    const { store, commands } = renderConsole(<NoticesPanel />);
    expect(screen.getByTestId('notices-none')).toBeTruthy();
    act(() => store.receiveNotices([KAKAO]));
    const item = screen.getByTestId('notice-item');
    expect(item.textContent).toContain(KAKAO.text.en);
    expect(item.textContent).toContain(KAKAO.text.ko);
    expect(item.textContent).toContain('Warning');
    fireEvent.click(screen.getByTestId('notice-clear'));
    type('notice-clear-reason', 'kakao green again');
    fireEvent.click(screen.getByTestId('notice-clear-confirm'));
    await waitFor(() => expect(commands.notices).toEqual([{ id: 'n1', reason: 'kakao green again' }]));
  });

  it('shows a viewer the notices but no way to post or take one down', () => {
    const { store } = renderConsole(<NoticesPanel />, { role: 'viewer' });
    act(() => store.receiveNotices([KAKAO]));
    expect(screen.queryByTestId('notice-new')).toBeNull();
    expect(screen.queryByTestId('notice-clear')).toBeNull();
    expect(screen.getByTestId('notices-panel').textContent).toContain('Only a commander');
  });

  it('says why the server refused a notice', async () => {
    const { commands } = renderConsole(<NoticesPanel />, { role: 'admin' });
    commands.answer = { ok: false, error: 'forbidden', message: 'Your role may not post notices to citizens.' };
    fireEvent.click(screen.getByTestId('notice-new'));
    type('notice-ko', '안내');
    type('notice-en', 'Notice');
    type('notice-reason', 'testing');
    fireEvent.click(screen.getByTestId('notice-review'));
    fireEvent.click(screen.getByTestId('notice-post'));
    await waitFor(() => expect(screen.getByTestId('notice-error').textContent).toContain('may not post'));
  });
});

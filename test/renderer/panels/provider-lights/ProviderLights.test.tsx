// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../../../protocol';
import { ProviderLights } from '../../../../renderer/panels/provider-lights/ProviderLights';
import { craftProvider, craftSnapshot } from '../../support/craftSnapshot';
import { renderConsole } from '../../support/renderConsole';

afterEach(cleanup);

const lights = [
  craftProvider('phone', { light: 'red', circuit: 'open', successRate: 0.41, p95Ms: 9100 }),
  craftProvider('ipin', { light: 'yellow', p95Ms: 2600 }),
  craftProvider('jointcert', { light: 'green' }),
  craftProvider('naver', { light: 'green' }),
  craftProvider('kakao', { light: 'off', inflight: 0 }),
  craftProvider('pass', { light: 'green' }),
];

describe('provider traffic lights', () => {
  it('maps each light to its colour, a shape and a word, never colour alone', () => {
    const { store } = renderConsole(<ProviderLights window="15m" />);
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ providers: lights }));
    });
    const expected = {
      phone: ['red', '#d62828', '■', 'Congested'],
      ipin: ['yellow', '#e0a800', '▲', 'Delayed'],
      jointcert: ['green', '#1f9d55', '●', 'Smooth'],
      kakao: ['off', '#6b7280', '○', 'Off'],
    } as const;
    for (const [id, [light, color, shape, word]] of Object.entries(expected)) {
      const button = screen.getByTestId(`provider-${id}`);
      expect(button.dataset.light).toBe(light);
      expect(button.dataset.color).toBe(color);
      expect(button.style.borderColor).not.toBe('');
      expect(button.textContent).toContain(shape);
      expect(button.textContent).toContain(word);
    }
    expect(screen.getByTestId('provider-phone').textContent).toContain('CIRCUIT OPEN');
    expect(screen.getByTestId('provider-phone').textContent).toContain('41%');
    expect(screen.getByTestId('provider-phone').textContent).toContain('9,100 ms');
  });

  it('shows a green with fewer calls than the light needs as grey "no data" with the call count, never as Smooth', () => {
    const { store } = renderConsole(<ProviderLights window="15m" />);
    const thin = [
      craftProvider('phone', { light: 'red', circuit: 'open', requests: 1, measured: false }),
      craftProvider('naver', { light: 'green', requests: 2, measured: false, successRate: 1 }),
      craftProvider('kakao', { light: 'green', requests: 1, measured: false }),
      craftProvider('pass', { light: 'green', requests: 5, measured: true }),
    ];
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ providers: thin }));
    });
    const naver = screen.getByTestId('provider-naver');
    expect(naver.dataset.light).toBe('nodata');
    expect(naver.dataset.color).toBe('#9aa3b2');
    expect(naver.className).toContain('light-nodata');
    expect(naver.textContent).toContain('◌');
    expect(naver.textContent).toContain('No data · 2 calls');
    expect(naver.textContent).not.toContain('Smooth');
    expect(naver.textContent).not.toContain('●');
    expect(screen.getByTestId('provider-kakao').textContent).toContain('No data · 1 call');
    // A red is a red however few the calls (an open circuit); enough calls make a green a green.
    expect(screen.getByTestId('provider-phone').dataset.light).toBe('red');
    expect(screen.getByTestId('provider-pass').dataset.light).toBe('green');
    expect(screen.getByTestId('provider-pass').textContent).toContain('Smooth');
  });

  it('says "no data" in Korean first', () => {
    const { store } = renderConsole(<ProviderLights window="15m" />, { language: 'ko' });
    act(() => store.receiveSnapshot(craftSnapshot({ providers: [craftProvider('ipin', { requests: 3, measured: false })] })));
    expect(screen.getByTestId('provider-ipin').textContent).toContain('데이터 부족 · 3건');
    expect(screen.getByTestId('provider-ipin').textContent).not.toContain('원활');
  });

  it('names all six providers in Korean and English, in a fixed order', () => {
    const { store, container } = renderConsole(<ProviderLights window="15m" />, { language: 'ko' });
    act(() => store.receiveSnapshot(craftSnapshot({ providers: [...lights].reverse() })));
    const order = [...container.querySelectorAll('button[data-testid^="provider-"]')].map((el) => el.getAttribute('data-testid'));
    expect(order).toEqual(PROVIDER_IDS.map((id) => `provider-${id}`));
    const phone = screen.getByTestId('provider-phone');
    expect(within(phone).getByText('휴대폰')).toBeTruthy();
    expect(within(phone).getByText('Mobile phone')).toBeTruthy();
    expect(phone.textContent).toContain('혼잡');
    expect(screen.getByTestId('provider-jointcert').textContent).toContain('공동인증서');
  });

  it('greys every light out when the data is stale, keeping the word', () => {
    const clock = { now: Date.UTC(2021, 7, 9, 11, 5, 0) };
    const { store } = renderConsole(<ProviderLights window="15m" />, { clock });
    act(() => {
      store.setLink('connected');
      store.receiveSnapshot(craftSnapshot({ providers: lights }));
    });
    expect(screen.getByTestId('provider-jointcert').className).not.toContain('is-stale');
    act(() => {
      clock.now += 4000;
      store.tick();
    });
    const green = screen.getByTestId('provider-jointcert');
    expect(green.className).toContain('is-stale');
    expect(green.style.borderColor).toBe('');
    expect(green.textContent).toContain('Smooth');
  });

  it('opens the detail chart of a clicked provider and closes it again', () => {
    const { store } = renderConsole(<ProviderLights window="15m" />);
    act(() => store.receiveSnapshot(craftSnapshot({ providers: lights })));
    expect(screen.queryByTestId('provider-detail')).toBeNull();
    fireEvent.click(screen.getByTestId('provider-ipin'));
    expect(screen.getByTestId('provider-detail').textContent).toContain('i-PIN: latency and success');
    expect(screen.getByTestId('provider-ipin').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('provider-ipin'));
    expect(screen.queryByTestId('provider-detail')).toBeNull();
  });
});

import type { ProviderId } from '../../../protocol';

/** Colour-blind-friendly palette (Okabe–Ito), each paired with a dash pattern. */
export const PROVIDER_STYLE: Record<ProviderId, { color: string; dash?: string }> = {
  phone: { color: '#E69F00' },
  ipin: { color: '#56B4E9', dash: '6 3' },
  jointcert: { color: '#009E73', dash: '2 3' },
  naver: { color: '#F0E442', dash: '10 3 2 3' },
  kakao: { color: '#CC79A7', dash: '4 4' },
  pass: { color: '#D55E00', dash: '1 2' },
};

export const SERIES_COLOR = {
  primary: '#56B4E9',
  secondary: '#E69F00',
  good: '#009E73',
  bad: '#D55E00',
  muted: '#9aa5b4',
};

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { PROVIDER_LABELS, type ProviderId } from '../../../protocol';

/** "입장 속도 (/초)", "카카오 · 사용", … for a lever path. */
export function useLeverLabel(): (path: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (path: string) => {
      const [head, second, third] = path.split('.');
      if (head === 'providers' && second && third) {
        const name = PROVIDER_LABELS[second as ProviderId][i18n.language === 'en' ? 'en' : 'ko'];
        return `${name} · ${t(third === 'enabled' ? 'controls.enabled' : 'controls.maxInflight')}`;
      }
      if (head === 'autoThrottle') {
        const part = second === 'enabled' ? 'controls.autoEnabled' : second === 'minRatePerSec' ? 'controls.autoMin' : 'controls.autoMax';
        return `${t('controls.autoThrottle')} · ${t(part)}`;
      }
      const key = {
        gate: 'controls.gate',
        admissionRatePerSec: 'controls.rate',
        maxActiveSessions: 'controls.maxActive',
        sessionTtlSec: 'controls.sessionTtl',
      }[head ?? ''];
      return key ? t(key) : path;
    },
    [t, i18n.language],
  );
}

/** A lever's value as shown: gate states and on/off in words, numbers with Korean grouping. */
export function useLeverValue(): (path: string, value: string | boolean) => string {
  const { t } = useTranslation();
  return useCallback(
    (path: string, value: string | boolean) => {
      if (typeof value === 'boolean') return value ? t('controls.on') : t('controls.off');
      if (path === 'gate') return t(`gate.${value}`);
      const n = Number(value);
      return Number.isFinite(n) ? new Intl.NumberFormat('ko-KR').format(n) : value;
    },
    [t],
  );
}

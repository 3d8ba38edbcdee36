import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { durationParts } from './format';

/** "12분 30초" / "12 min 30 s" for a number of seconds. */
export function useDuration(): (seconds: number) => string {
  const { t } = useTranslation();
  return useCallback(
    (seconds: number) => {
      const { key, h, m, s } = durationParts(seconds);
      return t(`duration.${key}`, { h, m, s });
    },
    [t],
  );
}

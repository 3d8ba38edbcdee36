import { useTranslation } from 'react-i18next';
import { useLive } from '../../connection/useLive';

/** Training mode without a drill: a discreet tag. (A running drill has its own banner.) */
export function ModeTag() {
  const { t } = useTranslation();
  const mode = useLive((s) => s.snapshot?.mode ?? null);
  const drilling = useLive((s) => s.snapshot?.drill.running ?? false);
  if (mode !== 'training' || drilling) return null;
  return (
    <span className="mode-tag" data-testid="training-tag">
      {t('mode.training')}
    </span>
  );
}

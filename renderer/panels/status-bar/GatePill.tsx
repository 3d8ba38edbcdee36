import { useTranslation } from 'react-i18next';
import { useLive } from '../../connection/useLive';

const GATE_SYMBOL = { open: '▶', paused: '❚❚', closed: '■' } as const;

/** The gate's state, in words and shape as well as colour. */
export function GatePill() {
  const { t } = useTranslation();
  const gate = useLive((s) => s.snapshot?.gate ?? null);
  if (!gate) return null;
  return (
    <span className={`gate-pill gate-${gate}`} data-testid="gate" data-gate={gate}>
      {t('gate.label')} <span aria-hidden="true">{GATE_SYMBOL[gate]}</span> <strong>{t(`gate.${gate}`)}</strong>
    </span>
  );
}

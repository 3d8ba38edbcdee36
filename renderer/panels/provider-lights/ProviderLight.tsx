import { useTranslation } from 'react-i18next';
import { PROVIDER_LABELS, type ProviderHealth } from '../../../protocol';
import { formatMs, formatPercent } from '../../format/format';
import { LIGHT_STYLE, shownLight } from './lightStyle';

export interface ProviderLightProps {
  health: ProviderHealth;
  selected: boolean;
  stale: boolean;
  onSelect(): void;
}

/** One provider's traffic light: colour, shape and word, with its measured figures. */
export function ProviderLight({ health, selected, stale, onSelect }: ProviderLightProps) {
  const { t } = useTranslation();
  const light = shownLight(health);
  const style = LIGHT_STYLE[light];
  const id = health.id;
  const label = PROVIDER_LABELS[id];
  return (
    <button
      type="button"
      className={`provider-light light-${light}${selected ? ' selected' : ''}${stale ? ' is-stale' : ''}`}
      style={{ borderColor: stale ? undefined : style.color }}
      data-testid={`provider-${id}`}
      data-light={light}
      data-color={style.color}
      aria-pressed={selected}
      onClick={onSelect}
    >
      <span className="light-lamp" style={{ color: stale ? undefined : style.color }} aria-hidden="true">
        {style.symbol}
      </span>
      <span className="light-names">
        <strong lang="ko">{label.ko}</strong>
        <span lang="en">{label.en}</span>
      </span>
      <span className="light-word" style={{ background: stale ? undefined : style.color }}>
        {t(`providers.light.${light}`)}
        {light === 'nodata' && ` · ${t('providers.calls', { count: health.requests })}`}
      </span>
      <dl className="light-figures metric-value">
        <dt>{t('providers.success')}</dt>
        <dd>{formatPercent(health.successRate)}</dd>
        <dt>{t('providers.p95')}</dt>
        <dd>{formatMs(health.p95Ms)}</dd>
        <dt>{t('providers.inflight')}</dt>
        <dd>{health.inflight}</dd>
      </dl>
      <span className={`light-circuit circuit-${health.circuit}`}>{t(`providers.circuit.${health.circuit}`)}</span>
    </button>
  );
}

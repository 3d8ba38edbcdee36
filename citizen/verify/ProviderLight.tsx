import type { Light } from '../../protocol/providers';
import { useText } from '../i18n/text';

/** Each light has a shape and a word as well as a colour, so no one depends on telling colours apart. */
export const LIGHT_SHAPE: Record<Light, string> = { green: '●', yellow: '▲', red: '■', off: '✕' };

export function ProviderLight({ light }: { light: Light }) {
  const { t } = useText();
  return (
    <span class={`light light-${light}`} data-light={light}>
      <span class="light-shape" aria-hidden="true">
        {LIGHT_SHAPE[light]}
      </span>
      <span class="light-word">{t(`verify.light.${light}`)}</span>
    </span>
  );
}

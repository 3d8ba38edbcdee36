import type { Eta } from '../../protocol/queue';
import type { Translate } from '../i18n/text';

/** An ETA range in words: under a minute, minutes, or hours with one decimal. */
export function etaText(eta: Eta, t: Translate): string {
  if (eta === null) return t('waiting.etaUnknown');
  if (eta.maxSec < 60) return t('eta.underMinute');
  if (eta.maxSec < 2 * 3600) {
    const [min, max] = [Math.floor(eta.minSec / 60), Math.ceil(eta.maxSec / 60)];
    return min < 1 ? t('eta.upToMinutes', { max }) : t('eta.minutes', { min, max });
  }
  const hours = (sec: number) => (Math.round((sec / 3600) * 10) / 10).toFixed(1);
  return t('eta.hours', { min: hours(eta.minSec), max: hours(eta.maxSec) });
}

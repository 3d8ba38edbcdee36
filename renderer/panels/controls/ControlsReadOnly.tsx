import { useTranslation } from 'react-i18next';
import { PROVIDER_IDS, type Controls } from '../../../protocol';
import { currentValue } from './controlsDraft';
import { useLeverLabel, useLeverValue } from './useLeverLabel';

const PATHS = [
  'gate',
  'admissionRatePerSec',
  'maxActiveSessions',
  'sessionTtlSec',
  ...PROVIDER_IDS.flatMap((id) => [`providers.${id}.enabled`, `providers.${id}.maxInflight`]),
  'autoThrottle.enabled',
  'autoThrottle.minRatePerSec',
  'autoThrottle.maxRatePerSec',
];

/** The levers as text: what a viewer (or a wall screen) sees; nothing here can be pressed. */
export function ControlsReadOnly({ controls }: { controls: Controls }) {
  const { t } = useTranslation();
  const label = useLeverLabel();
  const show = useLeverValue();
  return (
    <div className="controls-read-only" data-testid="controls-read-only">
      <p className="read-only-note">{t('controls.readOnly')}</p>
      <dl className="lever-list">
        {PATHS.map((path) => (
          <div key={path} className="lever-item">
            <dt>{label(path)}</dt>
            <dd data-testid={`value-${path}`}>{show(path, currentValue(controls, path))}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

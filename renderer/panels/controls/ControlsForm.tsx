import { useTranslation } from 'react-i18next';
import { PROVIDER_IDS, PROVIDER_LABELS, type Controls, type Gate } from '../../../protocol';
import { currentValue, type Edits } from './controlsDraft';

export interface ControlsFormProps {
  controls: Controls;
  edits: Edits;
  invalid: readonly string[];
  onEdit(path: string, value: string | boolean): void;
  /** While a change is under review, or the data is stale: nothing can be moved. */
  disabled?: boolean;
}

const GATES: { gate: Gate; key: string; symbol: string }[] = [
  { gate: 'open', key: 'controls.gateOpen', symbol: '▶' },
  { gate: 'paused', key: 'controls.gatePause', symbol: '❚❚' },
  { gate: 'closed', key: 'controls.gateClose', symbol: '■' },
];

/** The levers as inputs; each shows the pending value, or the live one when untouched. */
export function ControlsForm({ controls, edits, invalid, onEdit, disabled = false }: ControlsFormProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const value = (path: string) => edits[path] ?? currentValue(controls, path);
  const changed = (path: string) => (path in edits && String(edits[path]) !== String(currentValue(controls, path)) ? ' changed' : '');
  const bad = (path: string) => (invalid.includes(path) ? ' invalid' : '');
  const numberInput = (path: string, label: string) => (
    <label className={`lever${changed(path)}${bad(path)}`}>
      <span>{label}</span>
      <input
        type="number"
        min={0}
        inputMode="decimal"
        value={String(value(path))}
        onChange={(e) => onEdit(path, e.target.value)}
        aria-invalid={invalid.includes(path)}
        data-testid={`lever-${path}`}
      />
    </label>
  );
  const checkbox = (path: string, label: string) => (
    <label className={`lever lever-check${changed(path)}`}>
      <input type="checkbox" checked={value(path) === true} onChange={(e) => onEdit(path, e.target.checked)} data-testid={`lever-${path}`} />
      <span>{label}</span>
    </label>
  );
  const gate = value('gate');
  return (
    <fieldset className="controls-form" disabled={disabled}>
      <div className={`lever gate-lever${changed('gate')}`} role="radiogroup" aria-label={t('controls.gate')}>
        <span>{t('controls.gate')}</span>
        {GATES.map((g) => (
          <button
            key={g.gate}
            type="button"
            role="radio"
            aria-checked={gate === g.gate}
            className={`gate-button gate-${g.gate}${gate === g.gate ? ' selected' : ''}`}
            onClick={() => onEdit('gate', g.gate)}
            data-testid={`lever-gate-${g.gate}`}
          >
            <span aria-hidden="true">{g.symbol}</span> {t(g.key)}
          </button>
        ))}
      </div>
      <div className="lever-row">
        {numberInput('admissionRatePerSec', t('controls.rate'))}
        {numberInput('maxActiveSessions', t('controls.maxActive'))}
        {numberInput('sessionTtlSec', t('controls.sessionTtl'))}
      </div>
      <fieldset className="lever-group">
        <legend>{t('controls.providers')}</legend>
        <table className="provider-levers">
          <tbody>
            {PROVIDER_IDS.map((id) => (
              <tr key={id}>
                <th scope="row">{PROVIDER_LABELS[id][lang]}</th>
                <td>{checkbox(`providers.${id}.enabled`, t('controls.enabled'))}</td>
                <td>{numberInput(`providers.${id}.maxInflight`, t('controls.maxInflight'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset className="lever-group">
        <legend>{t('controls.autoThrottle')}</legend>
        <p className="lever-note">{t('controls.autoNote')}</p>
        <div className="lever-row">
          {checkbox('autoThrottle.enabled', t('controls.autoEnabled'))}
          {numberInput('autoThrottle.minRatePerSec', t('controls.autoMin'))}
          {numberInput('autoThrottle.maxRatePerSec', t('controls.autoMax'))}
        </div>
      </fieldset>
    </fieldset>
  );
}

import { PROVIDER_IDS, type Controls, type ControlsPatch, type Gate, type ProviderHealth, type ProviderId } from '../../../protocol';

/**
 * What the commander has typed but not sent, by lever path ("admissionRatePerSec",
 * "providers.kakao.enabled", "autoThrottle.maxRatePerSec", "gate"). Numbers stay text while typed.
 */
export type Edits = Readonly<Record<string, string | boolean>>;

export const NUMBER_FIELDS = ['admissionRatePerSec', 'maxActiveSessions', 'sessionTtlSec', 'autoThrottle.minRatePerSec', 'autoThrottle.maxRatePerSec'] as const;

/** The current value of a lever path, as the form shows it. */
export function currentValue(controls: Controls, path: string): string | boolean {
  const [head, second, third] = path.split('.');
  if (head === 'providers' && second && third) {
    const p = controls.providers[second as ProviderId];
    return third === 'enabled' ? p.enabled : String(p.maxInflight);
  }
  if (head === 'autoThrottle' && second) {
    const value = controls.autoThrottle[second as keyof Controls['autoThrottle']];
    return typeof value === 'boolean' ? value : String(value);
  }
  const value = controls[head as 'gate' | 'admissionRatePerSec' | 'maxActiveSessions' | 'sessionTtlSec'];
  return typeof value === 'number' ? String(value) : value;
}

export interface DraftPatch {
  patch: ControlsPatch;
  /** Paths whose text is not a number. */
  invalid: string[];
}

/** The patch the edits amount to against the current controls; unchanged levers are left out. */
export function buildPatch(controls: Controls, edits: Edits): DraftPatch {
  const patch: ControlsPatch = {};
  const invalid: string[] = [];
  for (const [path, raw] of Object.entries(edits)) {
    let value: string | number | boolean = raw;
    if (typeof raw === 'string' && path !== 'gate') {
      const trimmed = raw.trim();
      const parsed = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(parsed) || parsed < 0) {
        invalid.push(path);
        continue;
      }
      value = parsed;
    }
    if (String(value) === String(currentValue(controls, path))) continue;
    const [head, second, third] = path.split('.');
    if (head === 'providers' && second && third) {
      const providers = (patch.providers ??= {});
      const entry = (providers[second as ProviderId] ??= {});
      if (third === 'enabled') entry.enabled = value as boolean;
      else entry.maxInflight = value as number;
    } else if (head === 'autoThrottle' && second) {
      const auto = (patch.autoThrottle ??= {});
      if (second === 'enabled') auto.enabled = value as boolean;
      else if (second === 'minRatePerSec') auto.minRatePerSec = value as number;
      else if (second === 'maxRatePerSec') auto.maxRatePerSec = value as number;
    } else if (head === 'gate') patch.gate = value as Gate;
    else if (head === 'admissionRatePerSec') patch.admissionRatePerSec = value as number;
    else if (head === 'maxActiveSessions') patch.maxActiveSessions = value as number;
    else if (head === 'sessionTtlSec') patch.sessionTtlSec = value as number;
  }
  return { patch, invalid };
}

export interface ChangeRow {
  path: string;
  before: string | boolean;
  after: string | boolean;
}

/** Before → after, one row per lever the patch moves. */
export function changeRows(controls: Controls, patch: ControlsPatch): ChangeRow[] {
  const rows: ChangeRow[] = [];
  const add = (path: string, after: string | number | boolean | undefined) => {
    if (after !== undefined) rows.push({ path, before: currentValue(controls, path), after: typeof after === 'number' ? String(after) : after });
  };
  add('gate', patch.gate);
  add('admissionRatePerSec', patch.admissionRatePerSec);
  add('maxActiveSessions', patch.maxActiveSessions);
  add('sessionTtlSec', patch.sessionTtlSec);
  for (const id of PROVIDER_IDS) {
    add(`providers.${id}.enabled`, patch.providers?.[id]?.enabled);
    add(`providers.${id}.maxInflight`, patch.providers?.[id]?.maxInflight);
  }
  add('autoThrottle.enabled', patch.autoThrottle?.enabled);
  add('autoThrottle.minRatePerSec', patch.autoThrottle?.minRatePerSec);
  add('autoThrottle.maxRatePerSec', patch.autoThrottle?.maxRatePerSec);
  return rows;
}

export type DangerousStep = { kind: 'gateClosed' } | { kind: 'rateCut'; before: number; after: number } | { kind: 'lastGreen'; providers: ProviderId[] };

/**
 * Steps that need a second "yes": closing the gate, cutting the admission rate by more than
 * half, and disabling the last provider whose light is green.
 */
export function dangerousSteps(controls: Controls, patch: ControlsPatch, health: readonly ProviderHealth[]): DangerousStep[] {
  const steps: DangerousStep[] = [];
  if (patch.gate === 'closed' && controls.gate !== 'closed') steps.push({ kind: 'gateClosed' });
  const rate = patch.admissionRatePerSec;
  if (rate !== undefined && controls.admissionRatePerSec > 0 && rate < controls.admissionRatePerSec / 2) {
    steps.push({ kind: 'rateCut', before: controls.admissionRatePerSec, after: rate });
  }
  const green = health.filter((h) => h.light === 'green' && controls.providers[h.id].enabled).map((h) => h.id);
  const stillGreen = green.filter((id) => patch.providers?.[id]?.enabled !== false);
  if (green.length > 0 && stillGreen.length === 0) steps.push({ kind: 'lastGreen', providers: green });
  return steps;
}

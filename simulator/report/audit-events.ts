import type { AuditEntry, Expectation, ReportEvent } from '../../protocol';

/** The server's audit log since the drill started (`GET /api/v1/console/audit`); empty without a token or when refused. */
export async function readAudit(serverUrl: string, token: string | undefined, since: number): Promise<{ entries: AuditEntry[]; problem: string | null }> {
  if (!token) return { entries: [], problem: 'no operator token: operator actions and alert acknowledgements were not read (time to detect unknown)' };
  try {
    const res = await fetch(`${serverUrl}/api/v1/console/audit?since=${Math.floor(since)}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return { entries: [], problem: `the audit log answered ${res.status}: operator actions were not read` };
    return { entries: ((await res.json()) as { entries: AuditEntry[] }).entries, problem: null };
  } catch (err) {
    return { entries: [], problem: `the audit log could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const EVENT_KIND: Partial<Record<AuditEntry['kind'], ReportEvent['kind']>> = {
  alert_raised: 'alert_raised',
  alert_acked: 'alert_acked',
  alert_resolved: 'operator',
  controls: 'operator',
  note: 'operator',
  drill_started: 'operator',
  drill_stopped: 'operator',
};

export function auditTimeline(entries: AuditEntry[], startedAt: number): ReportEvent[] {
  return entries.flatMap((e) => {
    const kind = EVENT_KIND[e.kind];
    if (!kind) return [];
    const who = e.actor ? `${e.actor}${e.role ? ` (${e.role})` : ''}` : 'system';
    const what = e.kind === 'controls' ? `changed ${changedControls(e).join(', ')}` : e.kind.replace('_', ' ');
    const detail = e.text ?? e.reason ?? '';
    return [{ atSec: round((e.at - startedAt) / 1000), kind, text: `${who}: ${what}${detail ? ` — ${detail}` : ''}` }];
  });
}

/**
 * Whether an audit entry is the action an expectation names: `alert_acked`, `note`, or a control
 * that changed, by its path in the controls (`controls:gate`, `controls:providers.pass`).
 */
export function matches(entry: AuditEntry, action: string): boolean {
  const [kind, field] = action.split(':');
  if (entry.kind !== kind) return false;
  if (!field) return true;
  return JSON.stringify(at(entry.before, field)) !== JSON.stringify(at(entry.after, field));
}

function at(value: unknown, path: string): unknown {
  let out = value;
  for (const part of path.split('.')) out = out !== null && typeof out === 'object' ? (out as Record<string, unknown>)[part] : undefined;
  return out;
}

/** Real seconds from the reference instant to the first matching action at or after it; null: never. */
export function secondsToAction(entries: AuditEntry[], action: string, from: number): number | null {
  const hit = entries.find((e) => e.at >= from && matches(e, action));
  return hit ? round((hit.at - from) / 1000) : null;
}

export function expectationMet(
  entries: AuditEntry[],
  e: Expectation,
  startedAt: number,
  firstFaultAt: number | null,
): { seconds: number | null; passed: boolean } {
  const from = e.after === 'start' ? startedAt : firstFaultAt;
  if (from === null) return { seconds: null, passed: false };
  const seconds = secondsToAction(entries, e.action, from);
  return { seconds, passed: seconds !== null && seconds <= e.withinSec };
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function changedControls(e: AuditEntry): string[] {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

import type { AuditEntry } from '../../../protocol';

/** A moment drawn on every trend chart: a control change, an alert raised, acknowledged or resolved, a drill. */
export interface ChartMarker {
  id: string;
  at: number;
  kind: AuditEntry['kind'];
  symbol: string;
  color: string;
  /** Who, what and why: the marker's tooltip. */
  detail: string;
}

const STYLE: Partial<Record<AuditEntry['kind'], { symbol: string; color: string }>> = {
  controls: { symbol: '⚙', color: '#5aa9e6' },
  alert_raised: { symbol: '⬣', color: '#e5534b' },
  alert_acked: { symbol: '✓', color: '#d4a72c' },
  alert_resolved: { symbol: '○', color: '#57ab5a' },
  drill_started: { symbol: '▶', color: '#b083f0' },
  drill_stopped: { symbol: '■', color: '#b083f0' },
};

/** The audit entries the charts mark, oldest first; `describe` says who, what and why in the console's language. */
export function chartMarkers(audit: readonly AuditEntry[], describe: (entry: AuditEntry) => string): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const entry of audit) {
    const style = STYLE[entry.kind];
    if (style) markers.push({ id: entry.id, at: entry.at, kind: entry.kind, ...style, detail: describe(entry) });
  }
  return markers;
}

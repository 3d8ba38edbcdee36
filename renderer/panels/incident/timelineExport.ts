import type { AuditEntry } from '../../../protocol';
import { formatDateTime } from '../../format/format';

/** The timeline as JSON, exactly the audit entries, oldest first. */
export function timelineJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify({ exportedAt: new Date().toISOString(), entries }, null, 2);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** One line of what changed, e.g. "admissionRatePerSec: 100 → 40". */
export function describeChange(before: unknown, after: unknown): string {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return '';
  const out: string[] = [];
  const walk = (b: unknown, a: unknown, path: string) => {
    if (a && typeof a === 'object' && b && typeof b === 'object') {
      for (const key of Object.keys(a)) walk((b as Record<string, unknown>)[key], (a as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
  };
  walk(before, after, '');
  return out.join('; ');
}

/** The timeline as a Markdown table, for the incident report; times in Seoul. */
export function timelineMarkdown(
  entries: readonly AuditEntry[],
  title: string,
  kindLabel: (kind: AuditEntry['kind']) => string,
  entryText: (entry: AuditEntry) => string,
): string {
  const lines = [`# ${title}`, '', `| time (KST, UTC+09:00) | what | who | detail | drill |`, `|---|---|---|---|---|`];
  for (const e of entries) {
    const detail = [e.text ? entryText(e) : '', e.reason ? `reason: ${e.reason}` : '', describeChange(e.before, e.after)].filter(Boolean).join(' — ');
    const who = e.actor ? `${e.actor}${e.role ? ` (${e.role})` : ''}` : '';
    lines.push(`| ${formatDateTime(e.at)} | ${cell(kindLabel(e.kind))} | ${cell(who)} | ${cell(detail)} | ${e.drill ? 'DRILL' : ''} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Hands a text file to the browser as a download. */
export function downloadText(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

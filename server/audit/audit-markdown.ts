import type { AuditEntry } from '../../protocol';
import { formatKstSeconds } from '../booking/kst';

/** One table cell: a pipe is escaped and every line break (CRLF, a lone CR or LF, U+2028/9) becomes a space. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** Top-level fields that differ between two objects, as `field: before → after`. */
function changes(before: unknown, after: unknown): string {
  if (typeof before !== 'object' || typeof after !== 'object' || !before || !after) return '';
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const out: string[] = [];
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const from = JSON.stringify(b[field]);
    const to = JSON.stringify(a[field]);
    if (from !== to) out.push(`${field}: ${from} → ${to}`);
  }
  return out.join('; ');
}

function details(entry: AuditEntry): string {
  const parts: string[] = [];
  if (entry.kind === 'controls') parts.push(changes(entry.before, entry.after));
  if (entry.kind === 'controls_denied' && entry.after !== undefined) parts.push(`attempted ${JSON.stringify(entry.after)}`);
  if (entry.text) parts.push(entry.text);
  if (entry.reason) parts.push(`reason: ${entry.reason}`);
  return parts.filter(Boolean).join(' — ');
}

/** The incident timeline for the post-incident report. */
export function auditMarkdown(entries: AuditEntry[], generatedAt: number): string {
  const lines = [
    '# Sluice incident timeline',
    '',
    `Generated ${formatKstSeconds(generatedAt)}; ${entries.length} entries. Times are KST (UTC+09:00); the JSON export keeps UTC epoch milliseconds.`,
    '',
    '| time (KST) | what | who | drill | details |',
    '|---|---|---|---|---|',
  ];
  for (const e of entries) {
    const who = e.actor ? `${e.actor}${e.role ? ` (${e.role})` : ''}` : 'system';
    lines.push(`| ${formatKstSeconds(e.at)} | ${e.kind} | ${cell(who)} | ${e.drill ? 'DRILL' : ''} | ${cell(details(e))} |`);
  }
  return `${lines.join('\n')}\n`;
}

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../protocol';
import { auditMarkdown } from '../../../server/audit/audit-markdown';

const T0 = Date.UTC(2021, 7, 9, 11, 0, 0);

function note(reason: string, actor = 'kim'): AuditEntry {
  return { id: `${T0}-0`, at: T0, kind: 'controls_denied', actor, role: 'viewer', reason, drill: false };
}

/** The table's data rows: every line after the header separator. */
function rows(markdown: string): string[] {
  const lines = markdown.split(/\r\n|\r|\n/);
  return lines.slice(lines.indexOf('|---|---|---|---|---|') + 1).filter((line) => line !== '');
}

/** Splits a row into cells the way a GFM table does: at pipes not escaped by a backslash. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('the Markdown incident timeline', () => {
  it.each([
    ['a lone carriage return', 'closing\r| fake | row | |'],
    ['a line feed', 'closing\n| fake | row | |'],
    ['CRLF', 'closing\r\n| fake | row | |'],
    ['a pipe', 'a | b | c'],
    ['a Unicode line separator', 'closing\u2028next'],
  ])('keeps one row of five cells when a reason holds %s', (_what, reason) => {
    const table = rows(auditMarkdown([note(reason), note('plain', 'lee')], T0));
    expect(table).toHaveLength(2);
    const first = cells(table[0]!);
    expect(first).toHaveLength(5);
    expect(first[4]).toBe(`reason: ${reason.replace(/\r\n|[\r\n\u2028]/g, ' ').replace(/\|/g, '\\|')}`);
    expect(cells(table[1]!)[2]).toBe('lee (viewer)');
  });

  it('escapes a carriage return or pipe in the actor too', () => {
    const table = rows(auditMarkdown([note('why', 'evil\r|name')], T0));
    expect(table).toHaveLength(1);
    expect(cells(table[0]!)[2]).toBe('evil \\|name (viewer)');
  });
});

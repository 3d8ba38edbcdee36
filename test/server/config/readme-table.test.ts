import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTables, END_MARKER, README, START_MARKER } from '../../../scripts/config-table';

describe("the README's configuration tables", () => {
  it('are the ones the schema generates', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START_MARKER);
    const end = readme.indexOf(END_MARKER);
    expect(start, `${README} lost its ${START_MARKER} marker`).toBeGreaterThanOrEqual(0);
    expect(end, `${README} lost its ${END_MARKER} marker`).toBeGreaterThan(start);
    const tables = readme.slice(start + START_MARKER.length, end).trim();
    expect(tables, 'The configuration tables in README.md are out of date: run `npm run config:readme`').toBe(configTables());
  });
});

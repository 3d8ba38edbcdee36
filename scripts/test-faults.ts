import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run test:faults`: runs the fault and fuzz suites (test/faults, test/fuzz); each test records
 * what it put the system through and what it survived (test/support/fault-record.ts), and when
 * all pass the README's table between the markers is rewritten from those records.
 */

const START = '<!-- faults:start -->';
const END = '<!-- faults:end -->';
const README = 'README.md';

interface FaultRecord {
  fault: string;
  load: string;
  outcome: string;
}

const record = join(tmpdir(), `sluice-faults-${process.pid}.jsonl`);
rmSync(record, { force: true });
const run = spawnSync('npx', ['vitest', 'run', 'test/faults', 'test/fuzz'], { stdio: 'inherit', env: { ...process.env, SLUICE_FAULT_RECORD: record } });
if (run.status !== 0) process.exit(run.status ?? 1);

const records = existsSync(record)
  ? readFileSync(record, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FaultRecord)
  : [];
rmSync(record, { force: true });
const cell = (text: string) => text.replace(/\|/g, '\\|');
const table = [
  `Written by \`npm run test:faults\` on ${new Date().toISOString().slice(0, 10)} from what the tests recorded; every row passed.`,
  '',
  '| fault or input | load | survived |',
  '|---|---|---|',
  ...records.sort((a, b) => a.fault.localeCompare(b.fault)).map((r) => `| ${cell(r.fault)} | ${cell(r.load)} | ${cell(r.outcome)} |`),
].join('\n');
const readme = readFileSync(README, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`${README} has no ${START} … ${END} section`);
writeFileSync(README, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
console.log(`${README}: fault table rewritten (${records.length} rows)`);

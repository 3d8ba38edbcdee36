import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import type { DrillProgress } from '../protocol';
import { PROVIDERS_PORT, readEnvironment, SERVER_PORT } from '../protocol/environment';
import { ScenarioError, loadScenario, runScenario } from './crowd/run-scenario';
import { pct } from './report/build-report';
import { reportMarkdown } from './report/report-markdown';
import { operatorToken } from './report/operator-token';
import { storeFaultClient } from './store-fault/store-fault-client';

const USAGE = `usage: npm run sim -- <scenario name or file> [--scale N] [--time-factor F] [--server URL] [--providers URL] [--workers N]
       [--out DIR] [--key SIMULATOR_KEY | --user NAME --password PASSWORD] [--max-citizens N]`;

/** `npm run sim`: one scenario against a running server and provider simulator, with live progress and a report. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scale: { type: 'string' },
      'time-factor': { type: 'string' },
      server: { type: 'string', default: `http://127.0.0.1:${SERVER_PORT}` },
      providers: { type: 'string', default: `http://127.0.0.1:${PROVIDERS_PORT}` },
      workers: { type: 'string', default: '1' },
      'max-citizens': { type: 'string' },
      out: { type: 'string', default: 'reports' },
      key: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const scenario = loadScenario(positionals[0]!);
  const number = (flag: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!(n > 0)) throw new UsageError(`--${flag} must be a number above 0, got "${raw}"`);
    return n;
  };
  const scale = number('scale', values.scale) ?? scenario.scale;
  const timeFactor = number('time-factor', values['time-factor']) ?? scenario.timeFactor;
  const env = readEnvironment(process.env, 'sim') as Record<string, unknown>;
  const simulatorKey = values.key ?? (env['SLUICE_SIMULATOR_KEY'] as string | undefined);
  const token = await operatorToken(values.server, {
    key: simulatorKey,
    user: values.user ?? (values.password || env['SLUICE_DEMO_PASSWORD'] ? 'trainer' : undefined),
    password: values.password ?? (env['SLUICE_DEMO_PASSWORD'] as string | undefined),
  });
  console.log(`${scenario.name}: scale 1:${scale}, time ×${timeFactor}, ${Math.ceil(scenario.durationSec / timeFactor)} s; ${token.note}`);

  const bars = new MultiBar(
    {
      format:
        ' {bar} {percentage}% | {phase} | {time} | active {active} joined {joined} admitted {admitted} verified {verified} booked {booked} errors {errors}',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const bar = bars.create(scenario.durationSec, 0, {
    phase: 'starting',
    time: scenario.start,
    active: 0,
    joined: 0,
    admitted: 0,
    verified: 0,
    booked: 0,
    errors: 0,
  });
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const onProgress = (p: DrillProgress) => bar.update(Math.round(p.simulatedSec), { phase: p.phase, time: p.simulatedTime.slice(11, 19), ...p.crowd });
  const storeFaultUrl = env['SLUICE_STORE_FAULT_URL'] as string | undefined;
  const report = await runScenario(scenario, {
    ...(storeFaultUrl && simulatorKey ? { storeFault: storeFaultClient(storeFaultUrl, simulatorKey) } : {}),
    serverUrl: values.server,
    providersUrl: values.providers,
    scale,
    timeFactor,
    workers: number('workers', values.workers),
    maxCitizens: number('max-citizens', values['max-citizens']),
    token: token.token ?? undefined,
    signal: stop.signal,
    onProgress,
  });
  bar.update(scenario.durationSec);
  bars.stop();

  const dir = resolve(values.out);
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${report.id}.json`);
  const md = join(dir, `${report.id}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, reportMarkdown(report));
  const { crowd } = report;
  console.log(
    `\n${report.passed ? 'PASSED' : 'FAILED'} (${report.ending}): joined ${crowd.joined}, admitted ${crowd.admitted}, verified ${crowd.verified}, booked ${crowd.booked}, abandoned ${crowd.abandoned}, errors ${crowd.errors}`,
  );
  console.log(
    `tickets lost ${report.ticketsLost}, overbooked ${report.overbooked}, time to detect ${report.ttdSec ?? 'never'}, time to mitigate ${report.ttmSec ?? 'never'}`,
  );
  for (const c of report.checks) console.log(`  ${c.passed ? 'pass' : 'FAIL'}  ${c.name}: ${c.actual} (expected ${c.expected})`);
  if (report.crowdDetail?.['population']) console.log(`booked ${pct(crowd.booked / report.crowdDetail['population'])} of the scaled population`);
  console.log(`report: ${json}\n        ${md}`);
  return report.passed ? 0 : 1;
}

class UsageError extends Error {}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ScenarioError || err instanceof UsageError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);

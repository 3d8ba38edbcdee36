import type { DrillReport } from './drill';

const seconds = (value: number | null): string => (value === null ? 'never' : `${Math.round(value)} s`);
const time = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * A drill report as Markdown: the download when the runner posted none of its own, and the
 * report of a drill that ended without its runner. Pure, so the server and the runner share it.
 */
export function drillReportMarkdown(report: DrillReport): string {
  const verdict = report.passed ? 'PASSED' : 'FAILED';
  const lines = [
    `# Drill report: ${report.scenario} (${verdict})`,
    '',
    `- Drill: ${report.drillId}`,
    `- Scale 1:${report.scale}, time factor ${report.timeFactor}`,
    `- ${time(report.startedAt)} → ${time(report.endedAt)} (${report.ending})`,
    `- Time to detect: ${seconds(report.ttdSec)}; time to mitigate: ${seconds(report.ttmSec)}`,
    `- Tickets lost: ${report.ticketsLost}; seats overbooked: ${report.overbooked}`,
    `- Crowd: ${report.crowd.joined} joined, ${report.crowd.admitted} admitted, ${report.crowd.verified} verified, ${report.crowd.booked} booked, ${report.crowd.abandoned} abandoned, ${report.crowd.errors} errors`,
    '',
    ...requestsByRouteMarkdown(report),
    '## Checks',
    '',
    '| check | expected | actual | result |',
    '|---|---|---|---|',
    ...report.checks.map((c) => `| ${cell(c.name)} | ${cell(c.expected)} | ${cell(c.actual)} | ${c.passed ? 'pass' : 'FAIL'} |`),
    '',
    '## Timeline',
    '',
    '| at | what | |',
    '|---|---|---|',
    ...report.timeline.map((e) => `| ${Math.round(e.atSec)} s | ${e.kind} | ${cell(e.text)} |`),
    '',
  ];
  return lines.join('\n');
}

/**
 * The crowd's requests by route as a table with requests per joined citizen (how often citizens
 * asked the origin while they waited: `GET /queue/state` against `GET /queue/status`), ending in
 * a blank line; nothing when the report has no such counts.
 */
export function requestsByRouteMarkdown(report: Pick<DrillReport, 'requestsByRoute' | 'crowd'>): string[] {
  const routes = Object.entries(report.requestsByRoute ?? {});
  if (routes.length === 0) return [];
  const joined = report.crowd.joined;
  const perCitizen = (n: number) => (joined > 0 ? (n / joined).toFixed(2) : '–');
  return [
    '## Requests by route',
    '',
    '| route | requests | per joined citizen |',
    '|---|---|---|',
    ...routes.map(([route, n]) => `| ${cell(route)} | ${n} | ${perCitizen(n)} |`),
    '',
  ];
}

import { requestsByRouteMarkdown, type DrillReport } from '../../protocol';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const secs = (n: number | null) => (n === null ? 'never' : `${n} s`);

/** The report as Markdown: for the trainer's debrief, stored beside the JSON. */
export function reportMarkdown(r: DrillReport): string {
  const faulted = r.timeline.some((e) => e.kind === 'fault');
  const score = (n: number | null) => (faulted ? secs(n) : '– (no fault injected)');
  const lines = [
    `# Drill report: ${r.scenario} — ${r.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `DRILL · scale 1:${r.scale} · time ×${r.timeFactor} · ${new Date(r.startedAt).toISOString()} → ${new Date(r.endedAt).toISOString()} · ended: ${r.ending}`,
    '',
    '## Scores',
    '',
    '| measure | value |',
    '| --- | --- |',
    `| time to detect (first fault → first acknowledged alert) | ${score(r.ttdSec)} |`,
    `| time to mitigate (first fault → metrics back inside thresholds) | ${score(r.ttmSec)} |`,
    `| tickets lost | ${r.ticketsLost} |`,
    `| seats overbooked | ${r.overbooked} |`,
    '',
    '## Checks',
    '',
    '| check | expected | actual | |',
    '| --- | --- | --- | --- |',
    ...r.checks.map((c) => `| ${cell(c.name)} | ${cell(c.expected)} | ${cell(c.actual)} | ${c.passed ? 'pass' : '**FAIL**'} |`),
    '',
    '## Crowd (real citizens at this scale)',
    '',
    '| joined | admitted | verified | booked | abandoned | errors |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${r.crowd.joined} | ${r.crowd.admitted} | ${r.crowd.verified} | ${r.crowd.booked} | ${r.crowd.abandoned} | ${r.crowd.errors} |`,
    '',
  ];
  if (r.crowdDetail) {
    lines.push(
      Object.entries(r.crowdDetail)
        .map(([k, v]) => `${k} ${v}`)
        .join(' · '),
      '',
    );
  }
  lines.push(...requestsByRouteMarkdown(r));
  lines.push('## Timeline (seconds since the drill started)', '', '| at | what | |', '| --- | --- | --- |');
  for (const e of r.timeline) lines.push(`| ${e.atSec.toFixed(1)} | ${e.kind} | ${cell(e.text)} |`);
  lines.push(
    '',
    '## Samples',
    '',
    '| at | waiting | admitted/s | booked/s | errors/s | error rate | red lights | ETA max |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  const step = Math.max(1, Math.ceil(r.samples.length / 60));
  for (const s of r.samples.filter((_, i) => i % step === 0)) {
    lines.push(
      `| ${s.atSec.toFixed(0)} | ${s.waiting} | ${s.admittedPerSec} | ${s.bookedPerSec} | ${s.errorsPerSec} | ${((s.errorRate ?? 0) * 100).toFixed(1)} % | ${s.redLights ?? 0} | ${s.etaMaxSec === null ? '–' : `${s.etaMaxSec} s`} |`,
    );
  }
  if (r.notes && r.notes.length > 0) lines.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));
const DIR = 'deploy/prometheus';

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL as string, args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

// .ci/run installs promtool (Debian's `prometheus` package); a developer machine may lack it.
describe.skipIf(!PROMTOOL)(`deploy/prometheus with promtool${PROMTOOL ? '' : ' (SKIPPED: promtool is not installed; apt-get install prometheus)'}`, () => {
  it('the scrape configuration is valid and finds its rule file', () => {
    const run = promtool('check', 'config', `${DIR}/prometheus.yml`);
    expect(run.output).toContain('SUCCESS: 1 rule files found');
    expect(run.status, run.output).toBe(0);
  });

  it('the alert rules are valid', () => {
    const run = promtool('check', 'rules', `${DIR}/rules.yml`);
    expect(run.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(run.status, run.output).toBe(0);
  });

  it("the rules' unit tests pass (node down, store down, admission stalled and not when paused, provider red, no provider, event-loop lag, booking and API 5xx)", () => {
    const run = promtool('test', 'rules', `${DIR}/rules.test.yml`);
    expect(run.output).toContain('SUCCESS');
    expect(run.status, run.output).toBe(0);
  });
});

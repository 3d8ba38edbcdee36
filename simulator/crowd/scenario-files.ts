import type { Scenario, ScenarioSummary } from '../../protocol';

/** A scenario file that cannot run: names the file, the field, the line (where known) and what was expected. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly line: number | null,
    readonly expected: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${field || '(top level)'}: expected ${expected}`);
    this.name = 'ScenarioError';
  }
}

export function loadScenario(nameOrPath: string): Scenario {
  throw new ScenarioError(nameOrPath, '', null, 'a scenario file (loader not built yet)');
}

export function listScenarios(): ScenarioSummary[] {
  return [];
}

import type { DrillProgress, DrillReport, Scenario, ScenarioSummary } from '../../protocol';

/** How one scenario runs: against which servers, at which scale and time factor, watched and stoppable by whom. */
export interface RunOptions {
  serverUrl: string;
  providersUrl: string;
  /** Override the scenario's declared scale (1:N) and time factor. */
  scale?: number;
  timeFactor?: number;
  drillId?: string;
  /** Abort: stop the crowd, clear every injected fault, finish the report as 'stopped'. */
  signal?: AbortSignal;
  /** About once a second. */
  onProgress?: (progress: DrillProgress) => void;
  /** A console/service token with audit:read: time to detect (alert acks) and operator actions. */
  token?: string;
  /** The training setup's fault proxy between the servers and Redis, for `store_blip`. */
  storeFault?: { cut(seconds: number): Promise<void> };
  /** Worker processes for the crowd (default 1: in this process). */
  workers?: number;
}

export function runScenario(scenario: Scenario, options: RunOptions): Promise<DrillReport> {
  void scenario;
  void options;
  return Promise.reject(new Error('runScenario: not built yet'));
}

export { loadScenario, listScenarios, ScenarioError } from './scenario-files';
export type { ScenarioSummary };

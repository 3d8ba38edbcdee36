import { ENVIRONMENT_DEFAULTS, PROVIDERS_PORT, readEnvironment } from '../../protocol/environment';
import { listScenarios, loadScenario, runScenario } from '../crowd/run-scenario';
import { reportMarkdown } from '../report/report-markdown';
import { storeFaultClient } from '../store-fault/store-fault-client';
import { BackgroundCrowd } from './background-crowd';
import { DrillRunner } from './drill-runner';

const log = (line: string) => console.log(`[drill-runner] ${line}`);

/**
 * `npm run drill-runner`: the simulator as the server's drill runner. SERVER_URL, PROVIDERS_URL,
 * SLUICE_SIMULATOR_KEY (required), SLUICE_BACKGROUND_CROWD (a gentle crowd while no drill runs),
 * SLUICE_STORE_FAULT_URL (the store fault proxy, for `store_blip`).
 */
async function main(): Promise<void> {
  const settings = { ...ENVIRONMENT_DEFAULTS, ...readEnvironment(process.env, 'runner') };
  const key = settings.SLUICE_SIMULATOR_KEY;
  if (!key) throw new Error('SLUICE_SIMULATOR_KEY is required: the server gives the drill runner a service token for it');
  const serverUrl = settings.SERVER_URL;
  const providersUrl = settings.PROVIDERS_URL ?? `http://127.0.0.1:${PROVIDERS_PORT}`;
  const background = settings.SLUICE_BACKGROUND_CROWD ? new BackgroundCrowd({ serverUrl, providersUrl, log }) : null;
  const runner = new DrillRunner({
    serverUrl,
    providersUrl,
    key,
    library: { listScenarios, loadScenario, runScenario, reportMarkdown },
    hidden: ['background'],
    ...(settings.SLUICE_STORE_FAULT_URL ? { storeFault: storeFaultClient(settings.SLUICE_STORE_FAULT_URL, key) } : {}),
    log,
    onDrill: (running) => {
      if (!background) return;
      if (running) void background.pause();
      else background.resume();
    },
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      void Promise.all([runner.close(), background?.pause()]).finally(() => process.exit(0));
    });
  }
  await runner.start();
  background?.resume();
  if (background) log('background crowd: a few citizens a second');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { childBench } from './child-bench';
import { benchWaitingRoom } from './waiting-room';

/**
 * `npm run bench`: every figure measured in one run, printed as ratios against baselines
 * measured in the same run. The last line is one JSON object holding every figure.
 * Parts: the waiting room (HTTP throughput and Redis memory), the operator gateway with 200
 * consoles attached, and the console's rendering cost in Chromium.
 * `npm run bench -- --quick` uses shorter runs and 200,000 tickets for the memory figure.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const figures: Record<string, unknown> = { at: new Date().toISOString(), quick };
  console.log('== waiting room ==');
  figures.waitingRoom = await benchWaitingRoom({ memoryTickets: quick ? 200_000 : 2_000_000, durationSec: quick ? 1 : 2, rounds: quick ? 3 : 7 });
  console.log('== operator gateway: consoles attached ==');
  figures.consoles = await childBench('bench/consoles.ts', [], { CONSOLES: '200', SECONDS: quick ? '4' : '10' });
  console.log('== console in Chromium: main thread per 1 Hz update ==');
  figures.consoleRender = await childBench('bench/console-render.ts', quick ? ['--quick'] : []);
  console.log(JSON.stringify(figures));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

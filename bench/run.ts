import { benchWaitingRoom } from './waiting-room';

/**
 * `npm run bench`: every figure measured in one run, printed as ratios against baselines
 * measured in the same run. The last line is one JSON object holding every figure.
 * `npm run bench -- --quick` uses shorter runs and 200,000 tickets for the memory figure.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const figures: Record<string, unknown> = { at: new Date().toISOString(), quick };
  console.log('== waiting room ==');
  figures.waitingRoom = await benchWaitingRoom({ memoryTickets: quick ? 200_000 : 2_000_000, durationSec: quick ? 1 : 2, rounds: quick ? 3 : 7 });
  console.log(JSON.stringify(figures));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

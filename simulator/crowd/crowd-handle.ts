import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../protocol';
import { Crowd, type CrowdOptions } from './crowd';
import { addTallies, copyTally, emptyLedger, emptyTally, mergeLedgers, type BookingLedger, type CrowdTally } from './crowd-ledger';

/** A crowd in this process or spread over worker processes, seen the same way by the runner. */
export interface CrowdHandle {
  readonly plannedArrivals: number;
  run(startedAt: number): Promise<void>;
  stop(): void;
  /** Counts so far; the largest ETA is since the last call. */
  sample(): CrowdTally;
  ledger(): BookingLedger;
}

export function inProcessCrowd(scenario: Scenario, options: CrowdOptions): CrowdHandle {
  const crowd = new Crowd(scenario, options);
  return {
    plannedArrivals: crowd.plannedArrivals,
    run: (startedAt) => crowd.run(startedAt),
    stop: () => crowd.stop(),
    sample: () => {
      const tally = copyTally(crowd.tally);
      crowd.tally.etaMaxSec = null;
      return tally;
    },
    ledger: () => crowd.ledger,
  };
}

export type WorkerMessage =
  { type: 'tally'; tally: CrowdTally } | { type: 'done'; tally: CrowdTally; ledger: BookingLedger } | { type: 'failed'; message: string };
export type ParentMessage = { type: 'run'; scenario: Scenario; options: CrowdOptions; startedAt: number } | { type: 'stop' };

const WORKER_FILE = fileURLToPath(new URL('./crowd-worker.ts', import.meta.url));

/** `--workers N`: N child processes, each running every N-th arrival with its own connections. */
export function workerCrowd(scenario: Scenario, options: CrowdOptions, workers: number): CrowdHandle {
  const children: ChildProcess[] = [];
  const tallies: CrowdTally[] = Array.from({ length: workers }, emptyTally);
  const ledgers: BookingLedger[] = Array.from({ length: workers }, emptyLedger);
  let etaMax: number | null = null;
  const planned = new Crowd(scenario, { ...options, partition: { index: 0, of: 1 } }).plannedArrivals;
  return {
    plannedArrivals: planned,
    async run(startedAt) {
      await Promise.all(
        Array.from({ length: workers }, (_, index) => {
          const child = fork(WORKER_FILE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          children.push(child);
          return new Promise<void>((resolve, reject) => {
            child.on('message', (message: WorkerMessage) => {
              if (message.type === 'failed') return reject(new Error(`crowd worker ${index}: ${message.message}`));
              tallies[index] = message.tally;
              if (message.tally.etaMaxSec !== null) etaMax = Math.max(etaMax ?? 0, message.tally.etaMaxSec);
              if (message.type === 'done') {
                ledgers[index] = message.ledger;
                resolve();
              }
            });
            child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`crowd worker ${index} exited with ${code}`))));
            const run: ParentMessage = { type: 'run', scenario, options: { ...options, partition: { index, of: workers } }, startedAt };
            child.send(run);
          });
        }),
      );
      for (const child of children) child.disconnect();
    },
    stop() {
      for (const child of children) if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
    },
    sample() {
      const sum = tallies.reduce(addTallies, emptyTally());
      sum.etaMaxSec = etaMax;
      etaMax = null;
      return sum;
    },
    ledger: () => ledgers.reduce(mergeLedgers, emptyLedger()),
  };
}

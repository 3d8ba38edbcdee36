import { Crowd } from './crowd';
import type { ParentMessage, WorkerMessage } from './crowd-handle';

/** One worker process of a crowd (`--workers N`): runs its share of the arrivals and reports counts twice a second. */
let crowd: Crowd | null = null;
const send = (message: WorkerMessage) => process.send?.(message);

process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') return crowd?.stop();
  crowd = new Crowd(message.scenario, message.options);
  const running = crowd;
  const report = setInterval(() => {
    send({ type: 'tally', tally: { ...running.tally } });
    running.tally.etaMaxSec = null;
  }, 500);
  running.run(message.startedAt).then(
    () => {
      clearInterval(report);
      send({ type: 'done', tally: { ...running.tally }, ledger: running.ledger });
      process.disconnect?.();
    },
    (err: unknown) => {
      clearInterval(report);
      send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
});
process.on('disconnect', () => crowd?.stop());

import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { ENVIRONMENT_DEFAULTS, EnvironmentError, readEnvironment } from '../protocol/environment';
import { systemClock } from '../server/clock';
import { OperatorDirectory, OperatorRejected, OPERATORS_CHANNEL } from '../server/operators/operator-directory';
import { createRedisStore } from '../server/store/redis';

const USAGE = `usage: npm run operator -- add NAME ROLE    (ROLE: viewer | commander | trainer | admin)
       npm run operator -- remove NAME      (ends the operator's open sessions on every node)
       npm run operator -- disable NAME     (keeps the account, refuses it, ends open sessions)
       npm run operator -- enable NAME
       npm run operator -- list
Needs REDIS_URL (and SLUICE_KEY_PREFIX if the servers use one). The password comes from
SLUICE_OPERATOR_PASSWORD, or is asked for when run on a terminal.`;

/** Reads a line without echoing it. */
async function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stdout.write(question);
  muted = true;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function password(fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new OperatorRejected('no terminal to ask on: set SLUICE_OPERATOR_PASSWORD');
  const first = await askHidden('Password: ');
  const again = await askHidden('Again: ');
  if (first !== again) throw new OperatorRejected('the passwords differ');
  return first;
}

async function main(args: string[]): Promise<number> {
  const [command, name, role] = args;
  const settings = { ...ENVIRONMENT_DEFAULTS, ...readEnvironment(process.env, 'operator') };
  const url = settings.REDIS_URL;
  const known = command === 'add' || command === 'list' || command === 'remove' || command === 'disable' || command === 'enable';
  const needsName = command !== 'list';
  if (!url || !known || (needsName && !name) || (command === 'add' && !role)) {
    console.error(url ? USAGE : `REDIS_URL is not set: operators live in the shared Redis.\n${USAGE}`);
    return 2;
  }
  const store = await createRedisStore(url, settings.SLUICE_KEY_PREFIX, 'operator-script');
  try {
    const directory = new OperatorDirectory(store.operators, systemClock);
    if (command === 'list') {
      for (const op of await directory.list())
        console.log([op.username, op.role, op.disabled ? 'disabled' : '', op.demo ? 'demo (training)' : ''].join('\t').trimEnd());
      return 0;
    }
    if (command === 'remove' || command === 'disable' || command === 'enable') {
      const done = command === 'remove' ? await directory.remove(name!) : (await directory.setDisabled(name!, command === 'disable')) !== null;
      if (!done) {
        console.error(`no operator ${name}`);
        return 1;
      }
      // Every node re-checks its open consoles now, rather than at its next sweep.
      await store.bus.publish(OPERATORS_CHANNEL, name!.trim().toLowerCase());
      console.log(`operator ${name!.trim().toLowerCase()} ${command === 'remove' ? 'removed' : `${command}d`}; open sessions end`);
      return 0;
    }
    if (!(await directory.add(name!, role!, await password(settings.SLUICE_OPERATOR_PASSWORD)))) {
      console.error(`operator ${name} exists already`);
      return 1;
    }
    console.log(`operator ${name!.trim().toLowerCase()} added as ${role}`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof OperatorRejected || err instanceof EnvironmentError || (err instanceof Error && err.name === 'StoreUnavailableError') ? err.message : err,
    );
    process.exit(1);
  },
);

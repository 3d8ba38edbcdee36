import { spawn, type ChildProcess } from 'node:child_process';

/** A program of ours run the way its npm script runs it (node + tsx), its output collected. */
export interface RunningProgram {
  child: ChildProcess;
  /** Everything it wrote to stdout so far. */
  output(): string;
  /** Resolves with its exit code or signal once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (test clean-up). */
  kill(): void;
  /** Its command, stdout and stderr, for a failure message. */
  transcript(): string;
}

export function runProgram(script: string, env: Record<string, string>): RunningProgram {
  return runCommand(process.execPath, ['--import', 'tsx', script], env);
}

/**
 * Any command (e.g. `npm start`), with our environment cleared of settings a developer may have
 * exported. Servers get no metrics listener unless a test asks: test files run in parallel, and
 * two servers on one host would both want the default metrics port.
 */
export function runCommand(command: string, args: readonly string[], env: Record<string, string>): RunningProgram {
  const script = [command, ...args].join(' ');
  const child = spawn(command, args, {
    env: { ...process.env, REDIS_URL: '', SLUICE_MODE: '', SLUICE_SECRET: '', SLUICE_DEMO_PASSWORD: '', SLUICE_METRICS_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const program: RunningProgram = {
    child,
    output: () => stdout,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    transcript: () => `${script}\nstdout:\n${stdout}\nstderr:\n${stderr}`,
  };
  return program;
}

/** Polls `url` until it answers 200; throws with the program's output when it exits or the deadline passes. */
export async function waitForOk(url: string, program: RunningProgram, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void program.exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never answered 200 (${gone ? 'the program exited' : 'deadline'}):\n${program.transcript()}`);
}

export async function logIn(base: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

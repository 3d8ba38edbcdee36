import { spawn, type ChildProcess } from 'node:child_process';

/** One process `npm start` runs and watches. */
export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /**
   * A clean exit (code 0) is not a failure and leaves the rest running: the desktop console,
   * whose window an operator may close. Any other exit of any child ends the session.
   */
  mayExitCleanly?: boolean;
}

/** How the session ended: stopped by a signal, or because a child died. */
export type Failure = { kind: 'failed'; name: string; code: number | null; signal: NodeJS.Signals | null; error?: string };
export type Ending = { kind: 'stopped'; reason: string } | Failure;

/** How a child ended, in words: "exit code 1", "signal SIGKILL", or the spawn error. */
export function howItEnded(failure: Failure): string {
  return failure.error ?? (failure.signal ? `signal ${failure.signal}` : `exit code ${failure.code}`);
}

export interface SupervisorOptions {
  log(line: string): void;
  /** How long a child has to exit after SIGTERM before it gets SIGKILL. */
  graceMs?: number;
}

// Each child leads its own process group (POSIX), so stopping it reaches its own children too
// (Electron's helpers), and the terminal's Ctrl-C reaches only us: we decide the order.
const GROUPS = process.platform !== 'win32';

/**
 * Runs the children of `npm start` alike: any child that exits when it was not asked to is
 * reported by name with its exit code or signal, and the others are stopped; `stop()` ends
 * them all. `ended` settles once every child has exited.
 */
export class Supervisor {
  readonly ended: Promise<Ending>;
  private readonly running = new Map<ChildProcess, ChildSpec>();
  private ending: Ending | null = null;
  private settle!: (ending: Ending) => void;

  constructor(private readonly options: SupervisorOptions) {
    this.ended = new Promise((resolve) => (this.settle = resolve));
  }

  /** The process ids of the children still running. */
  get pids(): number[] {
    return [...this.running.keys()].map((child) => child.pid).filter((pid): pid is number => pid !== undefined);
  }

  start(spec: ChildSpec): ChildProcess | null {
    if (this.ending) return null;
    const child = spawn(spec.command, spec.args, { env: spec.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit'], detached: GROUPS });
    this.running.set(child, spec);
    child.once('error', (err) => this.exited(child, { kind: 'failed', name: spec.name, code: null, signal: null, error: err.message }));
    child.once('exit', (code, signal) => {
      if (code === 0 && spec.mayExitCleanly && !this.ending) {
        this.options.log(`${spec.name} closed`);
        this.exited(child, null);
      } else this.exited(child, { kind: 'failed', name: spec.name, code, signal });
    });
    if (child.pid !== undefined) this.options.log(`${spec.name} started (pid ${child.pid})`);
    return child;
  }

  /** Stops every child (SIGTERM, then SIGKILL after the grace period). */
  stop(reason: string): Promise<Ending> {
    this.end({ kind: 'stopped', reason });
    return this.ended;
  }

  /** Last resort when this process is exiting anyway: SIGKILL whatever still runs. */
  killAll(): void {
    for (const child of this.running.keys()) signal(child, 'SIGKILL');
  }

  private exited(child: ChildProcess, failure: Failure | null): void {
    if (!this.running.delete(child)) return; // 'error' and 'exit' may both come
    if (failure && !this.ending) {
      this.options.log(`${failure.name} died unexpectedly (${howItEnded(failure)})${this.running.size > 0 ? ': stopping the rest' : ''}`);
      this.end(failure);
    }
    if (this.ending && this.running.size === 0) this.settle(this.ending);
  }

  private end(ending: Ending): void {
    if (this.ending) return;
    this.ending = ending;
    if (this.running.size === 0) {
      this.settle(ending);
      return;
    }
    for (const child of this.running.keys()) signal(child, 'SIGTERM');
    const timer = setTimeout(() => this.killAll(), this.options.graceMs ?? 5000);
    void this.ended.then(() => clearTimeout(timer));
  }
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (GROUPS) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // already gone
  }
}

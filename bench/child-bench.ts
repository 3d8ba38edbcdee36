import { spawn } from 'node:child_process';

/**
 * Runs one of the standalone benchmark scripts in its own process (each measures a
 * different part and owns its servers and browser), echoes its lines and returns the JSON
 * object on its last line.
 */
export async function childBench(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<unknown> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = '';
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      if (line.startsWith('{')) last = line;
      else console.log(line);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (pending.startsWith('{')) last = pending;
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(last) as unknown;
}

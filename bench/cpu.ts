import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SEC = 100;

/** CPU seconds process `pid` has used so far (user + system), or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
  } catch {
    return null;
  }
}

/** The 1-minute load average, for the record: the machine is shared. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/**
 * Samples the CPU of several processes while something runs. `stop()` answers each one's share
 * of one core between the first and the last sample (1.0 = one core busy the whole time).
 */
export function watchCpu(pids: Record<string, number | undefined>, everyMs = 100): { stop: () => Record<string, number> } {
  const first: Record<string, { cpu: number; at: number }> = {};
  const last: Record<string, { cpu: number; at: number }> = {};
  const sample = () => {
    const at = performance.now();
    for (const [name, pid] of Object.entries(pids)) {
      if (pid === undefined) continue;
      const cpu = cpuSeconds(pid);
      if (cpu === null) continue;
      first[name] ??= { cpu, at };
      last[name] = { cpu, at };
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      const shares: Record<string, number> = {};
      for (const name of Object.keys(first)) {
        const a = first[name]!;
        const b = last[name]!;
        shares[name] = b.at > a.at ? Math.round(((b.cpu - a.cpu) / ((b.at - a.at) / 1000)) * 100) / 100 : 0;
      }
      return shares;
    },
  };
}

// The CPU time a process has used so far (user + system, all its threads), from Linux's /proc: a server's side of a load.
import { readFileSync } from 'node:fs';

/** /proc counts CPU time in USER_HZ ticks, 100 a second on every Linux build. */
const MICROS_PER_TICK = 10_000;

/** CPU µs used by `pid` so far, at a 10 ms resolution; undefined where there is no /proc or no such process. */
export function processCpuMicros(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (in parentheses) may hold spaces; utime and stime are the 12th and 13th fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * MICROS_PER_TICK : undefined;
}

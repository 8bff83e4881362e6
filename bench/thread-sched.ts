/**
 * The calling thread's own CPU time and its time waiting for a CPU, from Linux's
 * /proc/thread-self/schedstat (nanoseconds, scheduler accounting). On a shared 2-core machine a
 * forecast's wall time mixes the code's cost with the wait for a core; these two tell them apart.
 * process.cpuUsage() cannot: it sums every thread (GC helpers, other workers). Null where the file
 * is not readable (not Linux), so benches print wall time only there.
 */
import { readFileSync } from 'node:fs';

export interface ThreadSched { readonly cpuMs: number; readonly waitMs: number }

const PATH = '/proc/thread-self/schedstat';

function read(): ThreadSched | null {
  try {
    const [cpu, wait] = readFileSync(PATH, 'latin1').split(' ');
    return { cpuMs: Number(cpu) / 1e6, waitMs: Number(wait) / 1e6 };
  } catch {
    return null;
  }
}

/** Whether this machine reports per-thread scheduling (checked once). */
export const threadSchedAvailable = read() !== null;

/** The calling thread's cumulative CPU and run-queue wait, ms (null where unavailable). */
export function threadSched(): ThreadSched | null {
  return threadSchedAvailable ? read() : null;
}
